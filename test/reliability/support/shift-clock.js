/* global process */
// Preloaded (`node --import`) into a service process started by the reliability tier with
// RELIABILITY_CLOCK_SHIFT_MS set: moves the whole process's wall clock (Date) forward by that
// many milliseconds, as if the machine's clock had jumped — the service binary is the one in
// production, unchanged. Only `Date` moves: timers and the monotonic clock are untouched. This is
// how the tier restarts a service "weeks later", when deadlines computed from the real calendar
// have fallen due, without a test-only switch in the product.
const shift = Number(process.env.RELIABILITY_CLOCK_SHIFT_MS ?? '0');
if (!Number.isSafeInteger(shift)) {
  throw new Error(`RELIABILITY_CLOCK_SHIFT_MS must be an integer (got ${String(shift)})`);
}
if (shift !== 0) {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + shift);
      else super(...args);
    }
    static now() {
      return RealDate.now() + shift;
    }
  }
  globalThis.Date = ShiftedDate;
}
