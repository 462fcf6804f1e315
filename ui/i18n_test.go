package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2/lang"
	"golang.org/x/image/font/sfnt"

	"baoan/assets"
	"baoan/model"
)

func readTranslations(t *testing.T, code string) map[string]string {
	t.Helper()
	m, err := translationMap(code)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// dynamicKeys are the key families built at run time ("status." + code), with every key
// of each family. A new family must be listed here, so that it is checked too.
func dynamicKeys() map[string][]string {
	keys := map[string][]string{}
	for _, s := range model.Statuses {
		keys["status."] = append(keys["status."], "status."+string(s))
	}
	for _, c := range model.Channels {
		keys["channel."] = append(keys["channel."], "channel."+string(c))
	}
	for _, c := range model.ValidationCodes {
		keys["valid."] = append(keys["valid."], "valid."+c)
	}
	for _, f := range validFields {
		keys["valid.field."] = append(keys["valid.field."], "valid.field."+f)
	}
	return keys
}

// usedKeys parses the package's source and returns the literal keys of every lang.L,
// lang.X, lang.N and lang.XN call, and the literal prefixes of keys built at run time.
func usedKeys(t *testing.T) (literal, prefixes []string) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatalf("parse %s: %v", name, err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !slices.Contains([]string{"L", "X", "N", "XN"}, sel.Sel.Name) {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "lang" {
				return true
			}
			switch arg := call.Args[0].(type) {
			case *ast.BasicLit:
				key, _ := strconv.Unquote(arg.Value)
				literal = append(literal, key)
			case *ast.BinaryExpr:
				if lit, ok := arg.X.(*ast.BasicLit); ok && arg.Op == token.ADD {
					prefix, _ := strconv.Unquote(lit.Value)
					prefixes = append(prefixes, prefix)
					return true
				}
				t.Errorf("%s: lang.%s with a key that is neither a literal nor literal+value", fset.Position(call.Pos()), sel.Sel.Name)
			default:
				t.Errorf("%s: lang.%s with a key that is neither a literal nor literal+value", fset.Position(call.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
	if len(literal) < 20 {
		t.Fatalf("found only %d lang calls; the scan is broken", len(literal))
	}
	return literal, prefixes
}

func TestTranslationsHaveTheSameKeys(t *testing.T) {
	zh, en := readTranslations(t, LangChinese), readTranslations(t, LangEnglish)
	for k := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("key %q is in zh.json but missing from en.json", k)
		}
	}
	for k := range en {
		if _, ok := zh[k]; !ok {
			t.Errorf("key %q is in en.json but missing from zh.json", k)
		}
	}
}

func TestTranslationsCoverEveryKeyUsed(t *testing.T) {
	literal, prefixes := usedKeys(t)
	dynamic := dynamicKeys()
	used := map[string]bool{}
	for _, k := range literal {
		used[k] = true
	}
	for _, p := range prefixes {
		family, ok := dynamic[p]
		if !ok {
			t.Errorf("keys built from prefix %q are not listed in dynamicKeys", p)
		}
		for _, k := range family {
			used[k] = true
		}
	}
	for _, code := range []string{LangChinese, LangEnglish} {
		m := readTranslations(t, code)
		for _, k := range slices.Sorted(maps.Keys(used)) {
			if strings.TrimSpace(m[k]) == "" {
				t.Errorf("%s.json: key %q is used but has no text", code, k)
			}
		}
		for k := range m {
			if !used[k] {
				t.Errorf("%s.json: key %q is not used by any screen", code, k)
			}
		}
	}
}

var placeholder = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

func TestTranslationsAgreeOnPlaceholders(t *testing.T) {
	zh, en := readTranslations(t, LangChinese), readTranslations(t, LangEnglish)
	names := func(s string) []string {
		var out []string
		for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
		slices.Sort(out)
		return out
	}
	for k, z := range zh {
		if a, b := names(z), names(en[k]); !slices.Equal(a, b) {
			t.Errorf("key %q: zh has placeholders %v, en has %v", k, a, b)
		}
	}
}

// No tofu: every character of the Chinese text has a glyph in the bundled font, and the
// English text has no Chinese left in it.
func TestTranslationsRenderInTheBundledFont(t *testing.T) {
	f, err := sfnt.Parse(assets.CJKFont)
	if err != nil {
		t.Fatalf("parse bundled font: %v", err)
	}
	var buf sfnt.Buffer
	for k, v := range readTranslations(t, LangChinese) {
		for _, r := range v {
			if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
				t.Errorf("zh.json %q: %q has no glyph in the bundled font", k, r)
			}
		}
	}
	for k, v := range readTranslations(t, LangEnglish) {
		if strings.ContainsFunc(v, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("en.json %q = %q still has Chinese in it", k, v)
		}
	}
}

func TestSetLanguage(t *testing.T) {
	tests := []struct {
		locale, code, want string
	}{
		{"zh_CN.UTF-8", "", "台账"},
		{"zh_TW.UTF-8", "", "台账"},
		{"en_US.UTF-8", "", "Ledger"},
		{"C.UTF-8", "", "台账"}, // no language set: Chinese, the default
		{"de_DE.UTF-8", "", "台账"},
		{"zh_CN.UTF-8", LangEnglish, "Ledger"},
		{"en_US.UTF-8", LangChinese, "台账"},
		{"C", LangEnglish, "Ledger"},
		{"zh_CN.UTF-8", LangChinese, "台账"}, // back from a forced English
	}
	t.Cleanup(func() { SetLanguage(LangChinese) })
	for _, tt := range tests {
		t.Setenv("LC_ALL", "")
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANGUAGE", "")
		t.Setenv("LANG", tt.locale)
		if err := SetLanguage(tt.code); err != nil {
			t.Fatalf("SetLanguage(%q) with LANG=%s error: %v", tt.code, tt.locale, err)
		}
		if got := lang.L("nav.ledger"); got != tt.want {
			t.Errorf("SetLanguage(%q) with LANG=%s: nav.ledger = %q, want %q", tt.code, tt.locale, got, tt.want)
		}
	}
	if err := SetLanguage("fr"); err == nil {
		t.Error(`SetLanguage("fr") = nil, want an error`)
	}
}
