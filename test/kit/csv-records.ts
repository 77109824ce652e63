/**
 * Test support: reads RFC 4180 text back into records (quoted fields, doubled quotes, CRLF
 * or LF inside quotes), strictly — a stray quote or a bare CR outside quotes throws — so a
 * test parses what history-export.ts writes the way a spreadsheet would. Never used by the app.
 */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let fieldStart = true;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i += 1;
        if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`text after a closing quote at ${i}`);
      } else {
        field += c;
        i += 1;
      }
      continue;
    }
    if (c === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
      i += 1;
    } else if (c === '"') {
      throw new Error(`a quote inside an unquoted field at ${i}`);
    } else if (c === ',') {
      record.push(field);
      field = '';
      fieldStart = true;
      i += 1;
    } else if (c === '\r') {
      if (text[i + 1] !== '\n') throw new Error(`a CR without LF at ${i}`);
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      fieldStart = true;
      i += 2;
    } else if (c === '\n') {
      throw new Error(`a record ends with LF, not CRLF, at ${i}`);
    } else {
      field += c;
      fieldStart = false;
      i += 1;
    }
  }
  if (quoted) throw new Error('an unclosed quote');
  if (!fieldStart || field !== '' || record.length > 0) throw new Error('the last record does not end with CRLF');
  return records;
}

/** Records as objects keyed by the header row. */
export function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = csvRecords(text);
  if (!header) throw new Error('no header');
  return rows.map((r) => {
    if (r.length !== header.length) throw new Error(`a record of ${r.length} fields under a header of ${header.length}`);
    return Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']));
  });
}
