// The printer's typed errors live in documents/ (the PDF and receipt layouts throw them too); device code imports them here.
export * from '../../documents/document-error';
