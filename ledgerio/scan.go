package ledgerio

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A minimal XML scanner: start and end tags with their local names and attributes, and
// text with entities decoded. It is enough for SpreadsheetML and much faster than
// encoding/xml, which allocates a token for every name, attribute and text.

type tokKind int

const (
	tokStart tokKind = iota
	tokEnd
	tokText
)

type token struct {
	kind        tokKind
	name        string // local name, without a namespace prefix
	attrs       []byte // raw attribute text of a start tag
	selfClosing bool
	text        []byte // decoded text
}

// attr returns the value of the attribute with the given local name.
func (t *token) attr(name string) []byte {
	a := t.attrs
	for len(a) > 0 {
		a = skipSpace(a)
		eq := bytes.IndexByte(a, '=')
		if eq < 0 {
			return nil
		}
		key := bytes.TrimSpace(a[:eq])
		if i := bytes.IndexByte(key, ':'); i >= 0 {
			key = key[i+1:]
		}
		rest := skipSpace(a[eq+1:])
		if len(rest) == 0 || rest[0] != '"' && rest[0] != '\'' {
			return nil
		}
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return nil
		}
		if string(key) == name {
			return unescape(rest[1 : 1+end])
		}
		a = rest[end+2:]
	}
	return nil
}

// skipSpace drops the XML white space at the start of b.
func skipSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n') {
		b = b[1:]
	}
	return b
}

type scanner struct {
	br   *bufio.Reader
	buf  []byte // a token longer than the reader's buffer
	acc  []byte // a tag whose first '>' did not end it
	text []byte // text with its escapes decoded
}

func newScanner(r io.Reader) *scanner {
	return &scanner{br: bufio.NewReaderSize(r, 256<<10)}
}

// next returns the next token. Its text and attributes may point into the reader's
// buffer: they are valid until next is called again.
func (s *scanner) next() (token, error) {
	for {
		b, err := s.br.ReadByte()
		if err != nil {
			return token{}, err
		}
		if b != '<' {
			// Text up to the next tag, read in place when it fits the buffer.
			s.br.UnreadByte()
			raw, err := s.readUntil('<')
			if err != nil {
				return token{}, err
			}
			s.br.UnreadByte()
			raw = raw[:len(raw)-1]
			if bytes.IndexByte(raw, '&') >= 0 || bytes.Contains(raw, []byte("_x")) {
				s.text = unescapeInto(s.text[:0], raw)
				raw = s.text
			}
			return token{kind: tokText, text: raw}, nil
		}
		// A tag, a comment, a processing instruction or CDATA.
		tag, err := s.readUntil('>')
		if err != nil {
			return token{}, errBrokenXML
		}
		if unfinished(tag) { // a '>' inside a comment, CDATA or an attribute value
			s.acc = append(s.acc[:0], tag...)
			for unfinished(s.acc) {
				more, err := s.readUntil('>')
				if err != nil {
					return token{}, errBrokenXML
				}
				s.acc = append(s.acc, more...)
			}
			tag = s.acc
		}
		tag = tag[:len(tag)-1]
		switch {
		case len(tag) == 0:
			return token{}, errBrokenXML
		case tag[0] == '?' || bytes.HasPrefix(tag, []byte("!--")) || tag[0] == '!' && !bytes.HasPrefix(tag, []byte("![CDATA[")):
			continue
		case bytes.HasPrefix(tag, []byte("![CDATA[")):
			s.text = append(s.text[:0], tag[8:len(tag)-2]...)
			return token{kind: tokText, text: s.text}, nil
		case tag[0] == '/':
			return token{kind: tokEnd, name: s.intern(tag[1:])}, nil
		}
		t := token{kind: tokStart}
		if tag[len(tag)-1] == '/' {
			t.selfClosing = true
			tag = tag[:len(tag)-1]
		}
		end := bytes.IndexAny(tag, " \t\r\n")
		if end < 0 {
			end = len(tag)
		}
		t.name = s.intern(tag[:end])
		t.attrs = tag[end:]
		return t, nil
	}
}

// unfinished reports whether a tag read up to a '>' goes on: the '>' closed no comment,
// CDATA section or tag, but stood inside one, or inside an attribute value.
func unfinished(tag []byte) bool {
	return bytes.HasPrefix(tag, []byte("!--")) && !bytes.HasSuffix(tag, []byte("-->")) ||
		bytes.HasPrefix(tag, []byte("![CDATA[")) && !bytes.HasSuffix(tag, []byte("]]>")) ||
		!quotesBalanced(tag)
}

// readUntil reads up to and including delim. The bytes are the reader's own while they
// fit its buffer, else gathered in s.buf; either way valid until the next read.
func (s *scanner) readUntil(delim byte) ([]byte, error) {
	chunk, err := s.br.ReadSlice(delim)
	if err != bufio.ErrBufferFull {
		return chunk, err
	}
	s.buf = append(s.buf[:0], chunk...)
	for err == bufio.ErrBufferFull {
		chunk, err = s.br.ReadSlice(delim)
		s.buf = append(s.buf, chunk...)
	}
	return s.buf, err
}

// intern returns the local part of an element name. The names SpreadsheetML readers
// look at come back as constants, without allocating; others are "".
func (s *scanner) intern(name []byte) string {
	name = bytes.TrimSpace(name)
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	switch string(name) {
	case "c":
		return "c"
	case "v":
		return "v"
	case "row":
		return "row"
	case "t":
		return "t"
	case "is":
		return "is"
	case "si":
		return "si"
	case "rPh":
		return "rPh"
	case "f":
		return "f"
	case "dimension":
		return "dimension"
	case "sheetData":
		return "sheetData"
	}
	return ""
}

func quotesBalanced(b []byte) bool {
	var q byte
	for _, c := range b {
		switch {
		case q == 0 && (c == '"' || c == '\''):
			q = c
		case c == q:
			q = 0
		}
	}
	return q == 0
}

// unescape decodes an attribute value; without escapes it returns b itself, which is
// valid until the scanner reads on.
func unescape(b []byte) []byte {
	if bytes.IndexByte(b, '&') < 0 && bytes.Index(b, []byte("_x")) < 0 {
		return b
	}
	return unescapeInto(nil, b)
}

// unescapeInto appends b to dst with XML character references and entities decoded,
// and Excel's _xHHHH_ escapes of control characters turned back into characters.
func unescapeInto(dst, b []byte) []byte {
	if bytes.IndexByte(b, '&') < 0 && bytes.Index(b, []byte("_x")) < 0 {
		return append(dst, b...)
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '&':
			semi := bytes.IndexByte(b[i:], ';')
			if semi < 0 {
				dst = append(dst, c)
				continue
			}
			ent := string(b[i+1 : i+semi])
			if r, ok := entity(ent); ok {
				dst = utf8.AppendRune(dst, r)
				i += semi
				continue
			}
			dst = append(dst, c)
		case c == '_' && i+6 < len(b) && b[i+1] == 'x' && b[i+6] == '_':
			if v, err := strconv.ParseUint(string(b[i+2:i+6]), 16, 32); err == nil {
				dst = utf8.AppendRune(dst, rune(v))
				i += 6
				continue
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

func entity(e string) (rune, bool) {
	switch e {
	case "amp":
		return '&', true
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	}
	if strings.HasPrefix(e, "#x") || strings.HasPrefix(e, "#X") {
		v, err := strconv.ParseUint(e[2:], 16, 32)
		return rune(v), err == nil
	}
	if strings.HasPrefix(e, "#") {
		v, err := strconv.ParseUint(e[1:], 10, 32)
		return rune(v), err == nil
	}
	return 0, false
}
