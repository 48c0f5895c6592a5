import { describe, expect, it } from '@jest/globals';
import { MESSAGES } from '../../../src/engine/messages/catalogue.js';
import {
  formatDate,
  languageOf,
  message,
  render,
  renderMessage,
} from '../../../src/engine/messages/message.js';

const placeholders = (text: string) =>
  [...text.matchAll(/\{([A-Za-z][A-Za-z0-9_]*)(?::[a-zA-Z]+)?\}/g)].map((m) => m[1]).sort();

describe('the message catalogue', () => {
  it.each(Object.entries(MESSAGES))(
    '%s has both languages with the same placeholders',
    (_key, words) => {
      expect(words.vi.trim()).not.toBe('');
      expect(words.en.trim()).not.toBe('');
      expect(placeholders(words.vi)).toEqual(placeholders(words.en));
    },
  );
});

describe('renderMessage', () => {
  it('writes dates dd/mm/yyyy in Vietnamese and ISO in English', () => {
    const params = {
      months: 36,
      level: 'warning',
      effectiveOn: '2023-07-02',
      waitEndsOn: '2026-07-02',
      source: 'QĐ 377-QĐ/TW, Điều 20',
    };
    expect(renderMessage('eligibility.disciplineSource', params, 'en')).toBe(
      'the 36-month wait after the warning effective 2023-07-02 runs until 2026-07-02 (QĐ 377-QĐ/TW, Điều 20)',
    );
    expect(renderMessage('eligibility.disciplineSource', params, 'vi')).toBe(
      'chưa hết thời hạn 36 tháng kể từ ngày quyết định kỷ luật cảnh cáo có hiệu lực (02/07/2023): đến ngày 02/07/2026 (QĐ 377-QĐ/TW, Điều 20)',
    );
  });

  it('renders nested messages, lists and role terms', () => {
    const refusal = message('vote.inconsistent', {
      problems: [
        message('vote.presentAboveSummoned', { present: 11, summoned: 10 }),
        message('vote.summonedZero'),
      ],
    });
    expect(render(refusal, 'en')).toBe(
      'The vote tally is inconsistent: present (11) is more than summoned (10); summoned must be at least 1.',
    );
    expect(render(refusal, 'vi')).toContain('số có mặt (11) nhiều hơn số được triệu tập (10)');
    const forbidden = message('step.forbidden', {
      event: 'APPROVE',
      state: 'vetting.review',
      roles: ['organization_board', 'inspection_commission'],
    });
    expect(render(forbidden, 'en')).toBe(
      'APPROVE in state "vetting.review" may be sent only by organization_board or inspection_commission',
    );
    expect(render(forbidden, 'vi')).toBe(
      'APPROVE ở trạng thái "vetting.review" chỉ do ban tổ chức hoặc ủy ban kiểm tra gửi',
    );
  });

  it('never throws on an unknown key', () => {
    expect(renderMessage('no.such.key', {}, 'vi')).toBe('no.such.key');
  });

  it('formats only well-formed dates', () => {
    expect(formatDate('2026-07-02', 'vi')).toBe('02/07/2026');
    expect(formatDate('2026-07-02', 'en')).toBe('2026-07-02');
    expect(formatDate('soon', 'vi')).toBe('soon');
  });
});

describe('languageOf (Accept-Language, SPEC §3.6)', () => {
  it.each([
    [undefined, 'en'],
    ['vi', 'vi'],
    ['vi-VN,vi;q=0.9,en;q=0.8', 'vi'],
    ['en-US,en;q=0.9,vi;q=0.8', 'en'],
    ['fr, vi;q=0.5', 'vi'],
    ['fr', 'en'],
    ['vi;q=0', 'en'],
  ])('%s → %s', (header, lang) => {
    expect(languageOf(header)).toBe(lang);
  });
});
