import { PDFDocument, ParseSpeeds, type PDFContext } from 'pdf-lib';

/** Every object of a parsed PDF (number, class, value) in order, then the trailer: two parses compare as text. */
export function listing(context: PDFContext): string {
  const objects = context.enumerateIndirectObjects().map(([ref, obj]) => `${ref} ${obj.constructor.name} ${obj.toString()}`);
  const t = context.trailerInfo;
  return [...objects, `trailer Root=${t.Root} Info=${t.Info} ID=${t.ID} Encrypt=${t.Encrypt}`].join('\n');
}

/** The listing of the file as pdf-lib's own parser reads it. */
export async function listedByPdfLib(bytes: Uint8Array): Promise<string> {
  return listing((await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest })).context);
}
