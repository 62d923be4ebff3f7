// 36h: comment lines A–H of the open invoice, read ({LID}) or written ({LID},{CONTENU}).
import { COMMENT_LINES, type CommentLine } from '../../../fiscal/invoice-types';
import { DeviceError } from '../../errors';
import { checkLength, escapeField, unescapeField } from '../escape';
import { accepted, oneOf, refused, type McfResult } from './common';

export type CommentRequest = { line: CommentLine } | { line: CommentLine; content: string };

export function isCommentWrite(r: CommentRequest): r is { line: CommentLine; content: string } {
  return 'content' in r;
}

/** CONTENU is at most 255 characters, but a frame carries 200 data bytes: the frame limit is checked later. */
export function encodeCommentRequest(r: CommentRequest): string {
  if (!isCommentWrite(r)) return r.line;
  checkLength(`comment line ${r.line}`, r.content, 255, 'characters');
  return `${r.line},${escapeField(r.content, `comment line ${r.line}`)}`;
}

export function decodeCommentRequest(text: string): CommentRequest {
  const comma = text.indexOf(',');
  const line = oneOf(comma < 0 ? text : text.slice(0, comma), COMMENT_LINES, 'LID');
  return comma < 0 ? { line } : { line, content: unescapeField(text.slice(comma + 1)) };
}

/** A read answers the content; a write answers {RC}[ E:{ER}]. */
export function encodeCommentAnswer(request: CommentRequest, result: McfResult<string>): string {
  if (!result.ok) return `E:${result.message}`;
  return isCommentWrite(request) ? 'R' : escapeField(result.value, 'comment');
}

export function decodeCommentAnswer(request: CommentRequest, text: string): McfResult<string> {
  if (!isCommentWrite(request)) {
    // A read answers the bare content; only an explicit "E:" prefix is a refusal.
    return text.startsWith('E:') ? refused(text.slice(2).trim()) : accepted(unescapeField(text));
  }
  if (text === 'R') return accepted(request.content);
  if (text.startsWith('E')) return refused(text.replace(/^E\s*(?:E?:)?/, '').trim());
  throw new DeviceError('MCF_BAD_ANSWER', `The 36h answer "${text}" is neither R nor E.`, { details: { command: '36h', text } });
}
