// The wedge-scanner detector: timing, physical key codes (AZERTY-proof), minimum length, modifiers and Shift.
import { describe, expect, it } from 'vitest';
import { charForCode, createScanDetector, type KeyInput } from '../../../renderer/src/till/scan-detector';

/** Keys of `text` as physical codes, `gap` ms apart from `t0`, then Enter. */
function burst(text: string, gap: number, t0 = 1000): KeyInput[] {
  const keys: KeyInput[] = [...text].map((ch, i) => ({ code: /\d/.test(ch) ? `Digit${ch}` : `Key${ch}`, time: t0 + i * gap }));
  keys.push({ code: 'Enter', time: t0 + text.length * gap });
  return keys;
}

function feed(keys: KeyInput[]) {
  const d = createScanDetector({ maxGapMs: 50, minLength: 4 });
  return keys.map((k) => d.key(k));
}

describe('charForCode', () => {
  it('reads digits from the physical digit row and the numpad, letters from KeyA..KeyZ', () => {
    expect(charForCode('Digit7')).toBe('7');
    expect(charForCode('Numpad0')).toBe('0');
    expect(charForCode('KeyQ')).toBe('Q');
    expect(charForCode('Minus')).toBe('-');
    expect(charForCode('NumpadSubtract')).toBe('-');
  });

  it('ignores keys a scanner does not type', () => {
    for (const code of ['Space', 'Tab', 'ArrowUp', 'F8', 'Backquote', 'ShiftLeft']) expect(charForCode(code)).toBeNull();
  });
});

describe('createScanDetector', () => {
  it('reports a fast burst ending in Enter as a scan of the characters the physical keys stand for', () => {
    const steps = feed(burst('6009000000014', 8));
    expect(steps[0]).toEqual({ kind: 'start' });
    expect(steps.slice(1, -1).every((s) => s.kind === 'more')).toBe(true);
    expect(steps.at(-1)).toEqual({ kind: 'scan', code: '6009000000014' });
  });

  it('is not fooled by the characters an AZERTY layout puts in `key`: only `code` is read', () => {
    // Same physical keys as an EAN; the detector never sees & é " ' — it is given codes alone.
    const steps = feed(burst('6009000007198', 5));
    expect(steps.at(-1)).toEqual({ kind: 'scan', code: '6009000007198' });
  });

  it('does not take keys typed at a person’s pace for a scan', () => {
    expect(feed(burst('6009000000014', 120)).at(-1)).toEqual({ kind: 'other' });
  });

  it('restarts the burst after a pause, so digits typed earlier are not glued to a scan', () => {
    const keys = [{ code: 'Digit1', time: 0 }, { code: 'Digit2', time: 200 }, ...burst('4006381333931', 6, 2000)];
    expect(feed(keys).at(-1)).toEqual({ kind: 'scan', code: '4006381333931' });
  });

  it('needs the minimum length: a quick "12" and Enter is a person pressing Enter, not a scan', () => {
    expect(feed(burst('12', 5)).at(-1)).toEqual({ kind: 'other' });
    expect(feed(burst('1234', 5)).at(-1)).toEqual({ kind: 'scan', code: '1234' });
  });

  it('needs the Enter itself to come quickly after the last key', () => {
    const keys = burst('60090000', 5);
    keys[keys.length - 1] = { code: 'Enter', time: keys.at(-2)!.time + 400 };
    expect(feed(keys).at(-1)).toEqual({ kind: 'other' });
  });

  it('lets Shift ride inside a burst (capitals) and drops the burst on Ctrl, Alt or an unknown key', () => {
    const withShift: KeyInput[] = [{ code: 'ShiftLeft', time: 0 }, { code: 'KeyA', time: 2 }, { code: 'ShiftLeft', time: 4 }, { code: 'KeyB', time: 6 },
      { code: 'Digit1', time: 8 }, { code: 'Digit2', time: 10 }, { code: 'Enter', time: 12 }];
    expect(feed(withShift).at(-1)).toEqual({ kind: 'scan', code: 'AB12' });
    const withCtrl = burst('123456', 5);
    withCtrl[3] = { ...withCtrl[3]!, ctrlKey: true };
    expect(feed(withCtrl).at(-1)).toEqual({ kind: 'other' });
    const withTab = burst('123456', 5);
    withTab[3] = { code: 'Tab', time: withTab[3]!.time };
    expect(feed(withTab).at(-1)).toEqual({ kind: 'other' });
  });

  it('reads NumpadEnter as the end of a scan too', () => {
    const keys = burst('98765', 4);
    keys[keys.length - 1] = { code: 'NumpadEnter', time: keys.at(-1)!.time };
    expect(feed(keys).at(-1)).toEqual({ kind: 'scan', code: '98765' });
  });
});
