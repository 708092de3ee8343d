"""An independent reader of a tagged PDF, as assistive technology reads it: the structure tree walked
in order, each element's text taken from the glyphs of its marked content through the fonts'
ToUnicode maps, with no spaces guessed from glyph positions. Prints JSON on stdout.

Uses Debian's python3-pikepdf (qpdf), not the project's own PDF code, so it cannot share a bug with it.
"""
import json
import re
import sys

import pikepdf

# Block-level and grouping types (ISO 32000-1 §14.8.4.2-3): a reader ends a line around them, so their
# text is kept apart from their neighbours'. Inline types (Span, Strong via its RoleMap, NonStruct) are
# read straight on, glyph after glyph.
BLOCK = {
    'Document', 'Part', 'Art', 'Sect', 'Div', 'BlockQuote', 'Caption', 'TOC', 'TOCI', 'Index', 'P', 'H',
    'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD', 'THead',
    'TBody', 'TFoot', 'Figure', 'Formula', 'Form',
}


def parse_cmap(data):
    """bfchar and bfrange entries of a ToUnicode CMap: code (int) -> text."""
    text = data.decode('latin1')
    out = {}
    def uni(h):
        b = bytes.fromhex(h)
        return b.decode('utf-16-be', errors='replace')
    for block in re.findall(r'beginbfchar(.*?)endbfchar', text, re.S):
        pairs = re.findall(r'<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>', block)
        for src, dst in pairs:
            out[int(src, 16)] = uni(dst)
    for block in re.findall(r'beginbfrange(.*?)endbfrange', text, re.S):
        for m in re.finditer(r'<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])', block):
            lo, hi, dst = int(m.group(1), 16), int(m.group(2), 16), m.group(3)
            if dst.startswith('['):
                for k, h in enumerate(re.findall(r'<([0-9A-Fa-f]*)>', dst)):
                    out[lo + k] = uni(h)
            else:
                base = bytes.fromhex(dst[1:-1])
                for k in range(hi - lo + 1):
                    b = bytearray(base)
                    b[-1] += k
                    out[lo + k] = bytes(b).decode('utf-16-be', errors='replace')
    return out


class Font:
    def __init__(self, font):
        self.two_byte = font.get('/Subtype') == '/Type0'
        tu = font.get('/ToUnicode')
        self.map = parse_cmap(tu.read_bytes()) if tu is not None else {}

    def decode(self, raw):
        step = 2 if self.two_byte else 1
        codes = [int.from_bytes(raw[i:i + step], 'big') for i in range(0, len(raw), step)]
        return ''.join(self.map.get(c, chr(c) if not self.two_byte else '\ufffd') for c in codes)


# Only the operators that open and close marked content, choose a font or show text: a chart's paths
# are most of a page's operators, and qpdf skips them before they reach Python.
OPERATORS = 'BDC BMC EMC Tf Tj TJ \' "'


def page_texts(page, fonts_cache):
    """MCID -> text painted inside it on this page; also the text painted outside any tag or artifact."""
    texts = {}
    untagged = []
    stack = []  # ('mcid', n) | ('artifact',) | ('other',)
    font = None
    resources = page.obj.get('/Resources', pikepdf.Dictionary())
    fonts = resources.get('/Font', pikepdf.Dictionary())
    props = resources.get('/Properties', pikepdf.Dictionary())

    def owner():
        for entry in reversed(stack):
            if entry[0] in ('mcid', 'artifact'):
                return entry
        return None

    def show(s):
        o = owner()
        if o is None:
            untagged.append(s)
        elif o[0] == 'mcid':
            texts[o[1]] = texts.get(o[1], '') + s

    for instruction in pikepdf.parse_content_stream(page, OPERATORS):
        # Attributes, not `operands, op = instruction`: unpacking goes through pybind11's sequence
        # protocol and took longer than everything else here together.
        operands, op = instruction.operands, str(instruction.operator)
        if op == 'BDC':
            tag, p = operands
            if isinstance(p, pikepdf.Name):
                p = props.get(str(p), pikepdf.Dictionary())
            if str(tag) == '/Artifact':
                stack.append(('artifact',))
            elif '/MCID' in p:
                stack.append(('mcid', int(p['/MCID'])))
            else:
                stack.append(('other',))
        elif op == 'BMC':
            stack.append(('artifact',) if str(operands[0]) == '/Artifact' else ('other',))
        elif op == 'EMC':
            if stack:
                stack.pop()
        elif op == 'Tf':
            ref = fonts.get(str(operands[0]))
            key = ref.objgen if ref is not None else None
            if key not in fonts_cache:
                fonts_cache[key] = Font(ref) if ref is not None else None
            font = fonts_cache[key]
        elif op in ('Tj', "'", '"'):
            if font:
                show(font.decode(bytes(operands[-1])))
        elif op == 'TJ':
            if font:
                show(''.join(font.decode(bytes(x)) for x in operands[0] if isinstance(x, pikepdf.String)))
    return texts, ''.join(untagged)


def main(path):
    pdf = pikepdf.open(path)
    page_index = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    fonts_cache = {}
    mc = {}
    untagged = []
    for i, page in enumerate(pdf.pages):
        texts, loose = page_texts(page, fonts_cache)
        for k, v in texts.items():
            mc[(i, k)] = v
        if loose.strip():
            untagged.append({'page': i + 1, 'text': loose})

    root = pdf.Root.StructTreeRoot
    role_map = {str(k)[1:]: str(v)[1:] for k, v in root.get('/RoleMap', pikepdf.Dictionary()).items()}
    elements = []

    def walk(elem, depth, inherited_page):
        s = str(elem.get('/S'))[1:]
        pg = elem.get('/Pg')
        page = page_index.get(pg.objgen, inherited_page) if pg is not None else inherited_page
        record = {'type': s, 'depth': depth, 'pages': set(), 'text': ''}
        for key in ('/Alt', '/ID', '/Lang', '/ActualText'):
            if key in elem:
                record[key[1:].lower()] = str(elem[key])
        a = elem.get('/A')
        if isinstance(a, pikepdf.Dictionary) and '/Scope' in a:
            record['scope'] = str(a['/Scope'])[1:]
        elements.append(record)
        kids = elem.get('/K')
        if kids is None:
            kids = []
        elif not isinstance(kids, pikepdf.Array):
            kids = [kids]
        parts = []
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary):
                t = kid.get('/Type')
                if t == '/MCR':
                    kpg = kid.get('/Pg')
                    kp = page_index.get(kpg.objgen, page) if kpg is not None else page
                    parts.append((kp, int(kid.MCID)))
                elif t == '/OBJR':
                    continue
                else:
                    child = walk(kid, depth + 1, page)
                    parts.append(child)
            else:
                parts.append((page, int(kid)))
        for p in parts:
            if isinstance(p, tuple):
                t = mc.get(p, '')
                record['text'] += t
                if t:
                    record['pages'].add(p[0] + 1)
            elif p['type'] == 'Figure' and p.get('alt'):
                # A reader says a figure's alternative in place of what it draws; that is compared on its own.
                record['pages'] |= p['pages']
            else:
                block = role_map.get(p['type'], p['type']) in BLOCK
                record['text'] += f" {p['text']} " if block else p['text']
                record['pages'] |= p['pages']
        return record

    kids = root.get('/K')
    kids = kids if isinstance(kids, pikepdf.Array) else [kids]
    for k in kids:
        walk(k, 0, None)
    for e in elements:
        e['pages'] = sorted(e['pages'])
    sys.stdout.write(json.dumps({"roleMap": role_map, "elements": elements, "untagged": untagged, "pages": len(pdf.pages)}, ensure_ascii=False))


if __name__ == '__main__':
    main(sys.argv[1])
