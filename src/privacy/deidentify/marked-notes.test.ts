import { describe, expect, it } from 'vitest';
import { parseMarkedNotes } from './marked-notes.ts';

describe('parseMarkedNotes', () => {
  it('turns [[kind|text]] marks into spans of the plain text, note by note', () => {
    const notes = parseMarkedNotes(
      '# comment\n=== a | SEH\nDhr. [[name|Jansen]] uit [[location|Assen]].\nTel [[phone|06-12345678]]\n\n=== b | lab\nGeen.\n',
      'n.txt',
    );
    expect(notes.map((n) => [n.id, n.type])).toEqual([
      ['a', 'SEH'],
      ['b', 'lab'],
    ]);
    const a = notes[0]!;
    expect(a.text).toBe('Dhr. Jansen uit Assen.\nTel 06-12345678');
    expect(a.spans.map((s) => [a.text.slice(s.start, s.end), s.kind])).toEqual([
      ['Jansen', 'name'],
      ['Assen', 'location'],
      ['06-12345678', 'phone'],
    ]);
    expect(notes[1]).toMatchObject({ text: 'Geen.', spans: [] });
  });

  it('names the file and line of a mark it cannot read', () => {
    expect(() => parseMarkedNotes('=== a | x\nok\n[[town|Assen]]', 'n.txt')).toThrow(
      /n\.txt:3.*unknown kind "town"/,
    );
    expect(() => parseMarkedNotes('=== a | x\n[[name|Jansen]', 'n.txt')).toThrow(/n\.txt:2.*unclosed/);
    expect(() => parseMarkedNotes('=== a | x\n[[name|]]', 'n.txt')).toThrow(/n\.txt:2/);
    expect(() => parseMarkedNotes('text\n=== a | x', 'n.txt')).toThrow(/n\.txt:1.*before the first/);
    expect(() => parseMarkedNotes('=== a | x\n=== a | y', 'n.txt')).toThrow(/n\.txt:2.*used twice/);
  });
});
