// The till: one screen for the whole sale — ticket on the left; search, quick picks, keypad, payment and receipt on the right.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { UsdRate } from '../../../fiscal/invoice-types';
import type { CheckoutResult, Product, SessionInfo, TicketPayment, TillInfo } from '../../../main/api/pos-types';
import { useI18n } from '../i18n/i18n-context';
import { parseTypedQuantity } from '../i18n/format';
import { errorNotice } from '../pos/error-text';
import { usePos } from '../pos/pos-context';
import { ReprintDialog } from '../receipt/reprint-dialog';
import { ConfirmDialog } from '../shell/confirm-dialog';
import { Notice, type NoticeValue } from '../shell/notice';
import { markAdd, markTillPainted } from '../shell/perf';
import { ClientDialog } from './client-dialog';
import { CommandBar } from './command-bar';
import { CreditNoteDialog } from './credit-note-dialog';
import { HelpDialog } from './help-dialog';
import { InvoiceTypeDialog } from './invoice-type-dialog';
import { applyKey, Keypad } from './keypad';
import { PaymentPanel } from './payment-panel';
import { PriceDialog } from './price-dialog';
import { QuantityDialog } from './quantity-dialog';
import { quickPicks, rememberPick } from './quick-picks';
import { newSaleId } from './sale-id';
import { SaleDonePanel } from './sale-done-panel';
import { SearchPanel } from './search-panel';
import type { TillCommand } from './shortcuts';
import { kinshasaToday, ticketFigures } from './ticket-figures';
import { activeLine, EMPTY_TICKET, refusalToAdd, ticketCurrency, ticketReducer, toPosTicket } from './ticket-state';
import { TicketView } from './ticket-view';
import { useScanner } from './use-scanner';
import { useTillKeys } from './use-till-keys';

type Mode = 'sale' | 'payment' | 'done';
type DialogKind = 'help' | 'quantity' | 'price' | 'client' | 'credit' | 'invoiceType' | 'cancel' | 'reprint';

type TillScreenProps = {
  session: SessionInfo;
  till: TillInfo | null;
  onSaleRecorded(): void;
  /** A credit note asked for from the journal: the invoice to draw it from. */
  creditRequest?: string | null;
  onCreditRequestTaken?: () => void;
};

export function TillScreen({ session, till, onSaleRecorded, creditRequest, onCreditRequestTaken }: TillScreenProps) {
  const pos = usePos();
  const { t } = useI18n();
  const [ticket, dispatch] = useReducer(ticketReducer, EMPTY_TICKET);
  const [mode, setMode] = useState<Mode>('sale');
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const [query, setQuery] = useState('');
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const [result, setResult] = useState<CheckoutResult | null>(null);
  const [lastSaleId, setLastSaleId] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [picks, setPicks] = useState<Product[]>(quickPicks);
  const [creditId, setCreditId] = useState<string | null>(null);
  const saleIdRef = useRef<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const today = kinshasaToday();
  const lines = ticket.lines;
  const { figures, issues } = useMemo(() => ticketFigures({ lines }, today), [lines, today]);
  const currency = ticketCurrency(ticket);
  const line = activeLine(ticket);

  useEffect(() => markTillPainted(), []);

  // The search field has focus after every action of a sale, so the next scan or search needs no click.
  useEffect(() => {
    if (mode === 'sale' && dialog === null) searchRef.current?.focus();
  }, [mode, dialog, ticket, notice]);

  useEffect(() => {
    if (creditRequest == null) return;
    setCreditId(creditRequest);
    setDialog('credit');
    onCreditRequestTaken?.();
  }, [creditRequest, onCreditRequestTaken]);

  // Stable handlers: each ticket row is memoised, and a new function per render would re-render all of them.
  const selectLine = useCallback((id: number) => dispatch({ kind: 'select', id }), []);
  const voidLine = useCallback((id: number) => dispatch({ kind: 'void', id }), []);

  const newSale = useCallback(() => {
    dispatch({ kind: 'clear' });
    setResult(null);
    setMode('sale');
    setNotice(null);
    setQuery('');
    saleIdRef.current = null;
  }, []);

  const add = useCallback((product: Product, quantity?: string) => {
    if (mode === 'payment') {
      setNotice({ tone: 'warn', text: t('till.finishPaymentFirst') });
      return;
    }
    // Scanning on the receipt screen starts the next sale with that item.
    const base = mode === 'done' ? EMPTY_TICKET : ticket;
    if (mode === 'done') newSale();
    if (refusalToAdd(base, product) !== null) {
      setNotice({ tone: 'error', text: t('till.currencyMismatch', { name: product.name, currency: product.currency }) });
      return;
    }
    markAdd();
    dispatch(quantity === undefined ? { kind: 'add', product } : { kind: 'add', product, quantity });
    rememberPick(product);
    setPicks(quickPicks());
    setQuery('');
    setNotice(null);
  }, [mode, ticket, newSale, t]);

  const findCode = useCallback(async (code: string) => {
    const byBarcode = await pos.lookupBarcode({ barcode: code });
    if (!byBarcode.ok) return setNotice(errorNotice(t, byBarcode.error));
    if (byBarcode.value !== null) return add(byBarcode.value);
    const byCode = await pos.searchProducts({ query: code, limit: 3 });
    const exact = byCode.ok ? byCode.value.find((p) => p.code === code || p.barcode === code) : undefined;
    if (exact !== undefined) return add(exact);
    setNotice({ tone: 'error', text: t('till.unknownCode', { code }) });
  }, [pos, add, t]);

  useScanner((code) => void findCode(code));

  const pay = async (payments: TicketPayment[], usdRate: UsdRate | null) => {
    setBusy(true);
    saleIdRef.current ??= newSaleId();
    const r = await pos.checkout(toPosTicket(ticket, payments, usdRate, saleIdRef.current));
    setBusy(false);
    if (!r.ok) {
      // No answer means the outcome is unknown: the same id is kept so a retry finds the sale instead of making a second.
      if (r.error.code !== 'unreachable') saleIdRef.current = null;
      setNotice(errorNotice(t, r.error));
      return;
    }
    saleIdRef.current = null;
    setResult(r.value);
    setLastSaleId(r.value.invoice.client_invoice_id);
    setMode('done');
    setNotice(null);
    onSaleRecorded();
  };

  const run = (command: TillCommand) => {
    const isSale = mode === 'sale';
    switch (command) {
      case 'help': return setDialog('help');
      case 'search': return isSale ? searchRef.current?.focus() : undefined;
      case 'quantity': {
        if (!isSale || line === null) return;
        const typed = parseTypedQuantity(query);
        // "3" then F4: the typed number becomes the selected line's quantity without a dialog.
        if (typed !== null && query.trim() !== '') {
          dispatch({ kind: 'setQuantity', id: line.id, quantity: typed });
          setQuery('');
          return;
        }
        return setDialog('quantity');
      }
      case 'price':
        if (!isSale || line === null) return;
        if (session.cashier.role !== 'owner') return setNotice({ tone: 'warn', text: t('price.needOwner') });
        return setDialog('price');
      case 'client': return isSale ? setDialog('client') : undefined;
      case 'invoiceType': return isSale ? setDialog('invoiceType') : undefined;
      case 'creditNote': return isSale ? setDialog('credit') : undefined;
      case 'voidLine': return isSale && line !== null ? dispatch({ kind: 'void', id: line.id }) : undefined;
      case 'pay':
        if (!isSale) return;
        if (ticket.lines.length === 0 || figures === null) return setNotice({ tone: 'warn', text: t('till.emptyTicket') });
        setNotice(null);
        return setMode('payment');
      case 'reprint': return lastSaleId === null ? setNotice({ tone: 'warn', text: t('till.nothingToReprint') }) : setDialog('reprint');
      case 'cancel':
        if (mode === 'payment') return setMode('sale');
        if (mode === 'done') return newSale();
        if (query !== '') return setQuery('');
        return ticket.lines.length > 0 || ticket.invoiceType !== 'FV' || ticket.client !== null ? setDialog('cancel') : undefined;
    }
  };

  const moveSelection = (step: -1 | 1) => {
    if (mode !== 'sale' || ticket.lines.length === 0) return;
    const at = line === null ? 0 : ticket.lines.indexOf(line);
    const next = ticket.lines[Math.max(0, Math.min(ticket.lines.length - 1, at + step))];
    if (next !== undefined) dispatch({ kind: 'select', id: next.id });
  };

  useTillKeys(dialog === null, run, moveSelection);

  const disabled = new Set<TillCommand>();
  if (mode !== 'sale') ['quantity', 'price', 'client', 'voidLine', 'pay', 'invoiceType', 'creditNote', 'search'].forEach((c) => disabled.add(c as TillCommand));
  if (line === null) ['quantity', 'price', 'voidLine'].forEach((c) => disabled.add(c as TillCommand));
  if (lastSaleId === null) disabled.add('reprint');
  const closeDialog = () => setDialog(null);
  const isRefund = ticket.invoiceType === 'FA' || ticket.invoiceType === 'EA';

  return (
    <div className="till" data-testid="till" data-mode={mode}>
      <TicketView ticket={ticket} figures={figures} issues={issues} onSelect={selectLine} onVoid={voidLine} />
      <section className="till-side">
        <Notice notice={notice} onDismiss={() => setNotice(null)} />
        {mode === 'sale' ? (
          <SearchPanel ref={searchRef} query={query} onQuery={setQuery} onPick={(p) => add(p)} onSubmitCode={(c) => void findCode(c)} quickPicks={picks} />
        ) : null}
        {mode === 'payment' && figures !== null ? (
          <PaymentPanel total={figures.totals.ttc} currency={currency} isRefund={isRefund} isBusy={isBusy} today={today} onPay={(p, r) => void pay(p, r)} onBack={() => setMode('sale')} />
        ) : null}
        {mode === 'done' && result !== null ? (
          <SaleDonePanel result={result} merchantName={till?.merchant_name ?? null} onReprint={() => setDialog('reprint')} onNewSale={newSale} />
        ) : null}
        {/* Payment and receipt carry their own buttons; the function keys still work there (F1, F9, Échap). */}
        {mode === 'sale' ? (
          <div className="till-bottom">
            <Keypad onKey={(k) => setQuery((q) => applyKey(q, k))} />
            <CommandBar onCommand={run} disabled={disabled} />
          </div>
        ) : null}
      </section>
      {dialog === 'help' ? <HelpDialog onClose={closeDialog} /> : null}
      {dialog === 'quantity' && line !== null ? (
        <QuantityDialog line={line} onClose={closeDialog} onDone={(q) => { dispatch({ kind: 'setQuantity', id: line.id, quantity: q }); closeDialog(); }} />
      ) : null}
      {dialog === 'price' && line !== null ? (
        <PriceDialog line={line} onClose={closeDialog} onDone={(p, r) => { dispatch({ kind: 'setPrice', id: line.id, unitPrice: p, reason: r }); closeDialog(); }} />
      ) : null}
      {dialog === 'client' ? <ClientDialog client={ticket.client} onClose={closeDialog} onDone={(c) => { dispatch({ kind: 'setClient', client: c }); closeDialog(); }} /> : null}
      {dialog === 'invoiceType' ? (
        <InvoiceTypeDialog current={ticket.invoiceType} onClose={closeDialog} onCreditNote={() => setDialog('credit')} onPick={(type) => { dispatch({ kind: 'setInvoiceType', invoiceType: type, reference: null }); closeDialog(); }} />
      ) : null}
      {dialog === 'credit' ? (
        <CreditNoteDialog
          {...(creditId === null ? {} : { initialId: creditId })}
          onClose={() => { setCreditId(null); closeDialog(); }}
          onLoad={(action, missing) => {
            dispatch(action);
            setCreditId(null);
            closeDialog();
            setNotice(missing.length === 0 ? { tone: 'info', text: t('credit.loaded') } : { tone: 'warn', text: t('credit.missing', { names: missing.join(', ') }) });
          }}
        />
      ) : null}
      {dialog === 'cancel' ? (
        <ConfirmDialog
          title={t('cancel.title')} text={t('cancel.text')} confirmLabel={t('cancel.yes')} cancelLabel={t('cancel.no')} danger testId="cancel-dialog"
          onClose={closeDialog} onConfirm={() => { newSale(); closeDialog(); }}
        />
      ) : null}
      {dialog === 'reprint' && lastSaleId !== null ? <ReprintDialog clientInvoiceId={lastSaleId} merchantName={till?.merchant_name ?? null} onClose={closeDialog} /> : null}
    </div>
  );
}
