"""The text of a Word 97-2003 binary document (.doc), for search.

A .doc file is an OLE2 compound file (read with ``olefile``) whose ``WordDocument`` stream
starts with the File Information Block (FIB). The FIB says which table stream holds the
piece table (``0Table`` or ``1Table``) and where (``fcClx``/``lcbClx``), and how many
characters the main text has (``ccpText``). The piece table lists the runs of text in
character order, each stored either as UTF-16 or "compressed" as one cp1252 byte a
character. Field instructions (``HYPERLINK …``, ``PAGE``) are dropped and their results kept.
The layout is Microsoft's [MS-DOC] specification, sections 2.5.1 (Fib), 2.9.38 (Clx) and
2.4.1 (retrieving text).

Files from Word 6/95, encrypted files and files whose tables do not add up give no text;
the attachment itself is still accepted, as for a scanned PDF.
"""

import io
import logging
import re
import struct

import olefile

logger = logging.getLogger(__name__)

WORD_STREAM = "WordDocument"
FIB_IDENT = 0xA5EC
NFIB_WORD97 = 0x00C0  # Word 97 and later write 0x00C1 here (0x00C0 in early betas)
FLAG_ENCRYPTED = 0x0100
FLAG_TABLE_1 = 0x0200
CLX_INDEX = 33  # fcClx/lcbClx is the 34th pair of FibRgFcLcb97
COMPRESSED = 0x40000000

# Characters with a meaning in Word's text stream, and what they become in plain text.
_CONTROL = str.maketrans(
    {
        "\r": "\n",  # paragraph end
        "\x0b": "\n",  # line break
        "\x0c": "\n",  # page or section break
        "\x0e": "\n",  # column break
        "\x07": "\t",  # table cell or row end
        "\x1e": "-",  # non-breaking hyphen
        "\xa0": " ",
        **dict.fromkeys([*range(0x00, 0x07), 0x08, *range(0x0F, 0x13), *range(0x16, 0x1E), 0x1F], None),
    }
)
_FIELD_MARKS = re.compile("[\x13\x14\x15]")


class NotAWordDocument(ValueError):
    """The file is not a Word document at all (another OLE2 file, or no compound file)."""


def doc_text(data: bytes, limit: int) -> str:
    """The main text of a Word 97-2003 file, at most ``limit`` characters.

    Raises NotAWordDocument when ``data`` is not a Word compound file (an Excel sheet
    renamed .doc, say); returns "" when it is one but its text cannot be read.
    """
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, struct.error, IndexError) as exc:
        raise NotAWordDocument(str(exc)) from None
    try:
        if not ole.exists(WORD_STREAM):
            raise NotAWordDocument("no WordDocument stream")
        word = ole.openstream(WORD_STREAM).read()
        try:
            return _read_text(ole, word, limit)
        except (OSError, ValueError, struct.error, IndexError, UnicodeError):
            logger.info("No text read from a Word document", exc_info=True)
            return ""
    finally:
        ole.close()


def _read_text(ole: olefile.OleFileIO, word: bytes, limit: int) -> str:
    ident, nfib = struct.unpack_from("<HH", word, 0)
    (flags,) = struct.unpack_from("<H", word, 0x0A)
    if ident != FIB_IDENT or nfib < NFIB_WORD97 or flags & FLAG_ENCRYPTED:
        return ""
    # FibBase (32 bytes), then three arrays, each after its own count: 16-bit words,
    # 32-bit longs (ccpText is the fourth), then 64-bit fc/lcb pairs.
    pos = 32
    (csw,) = struct.unpack_from("<H", word, pos)
    pos += 2 + csw * 2
    (cslw,) = struct.unpack_from("<H", word, pos)
    (ccp_text,) = struct.unpack_from("<i", word, pos + 2 + 12)
    pos += 2 + cslw * 4
    (pairs,) = struct.unpack_from("<H", word, pos)
    if pairs <= CLX_INDEX or ccp_text <= 0:
        return ""
    fc_clx, lcb_clx = struct.unpack_from("<II", word, pos + 2 + CLX_INDEX * 8)
    table_name = "1Table" if flags & FLAG_TABLE_1 else "0Table"
    if not ole.exists(table_name):
        return ""
    clx = ole.openstream(table_name).read()[fc_clx : fc_clx + lcb_clx]

    limit = min(limit, ccp_text)
    parts, length = [], 0
    for start_cp, end_cp, fc in _pieces(clx):
        count = min(end_cp, ccp_text) - start_cp
        if count <= 0:
            continue
        if fc & COMPRESSED:
            offset = (fc & ~COMPRESSED) // 2
            piece = word[offset : offset + count].decode("cp1252", errors="replace")
        else:
            piece = word[fc : fc + 2 * count].decode("utf-16-le", errors="replace")
        parts.append(piece)
        length += len(piece)
        if length >= limit:
            break
    return _plain("".join(parts)[:limit])


def _pieces(clx: bytes):
    """(first character, end character, file offset) of each piece of the piece table."""
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: formatting, skipped
        (size,) = struct.unpack_from("<h", clx, pos + 1)
        pos += 3 + max(size, 0)
    if pos >= len(clx) or clx[pos] != 0x02:
        raise ValueError("no piece table")
    (lcb,) = struct.unpack_from("<I", clx, pos + 1)
    plc = clx[pos + 5 : pos + 5 + lcb]
    count = (len(plc) - 4) // 12
    if count <= 0:
        raise ValueError("empty piece table")
    cps = struct.unpack_from(f"<{count + 1}i", plc, 0)
    for index in range(count):
        (fc,) = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * index + 2)
        yield cps[index], cps[index + 1], fc


def _plain(text: str) -> str:
    """Drop field instructions (between the begin and separator marks), keep field results."""
    out, last = [], 0
    fields = []  # one entry per open field: True while still in its instruction part
    for mark in _FIELD_MARKS.finditer(text):
        if not any(fields):
            out.append(text[last : mark.start()])
        char = mark.group()
        if char == "\x13":
            fields.append(True)
        elif char == "\x14" and fields:
            fields[-1] = False
        elif char == "\x15" and fields:
            fields.pop()
        last = mark.end()
    if not any(fields):
        out.append(text[last:])
    return "".join(out).translate(_CONTROL)
