package assets

import (
	"bytes"
	"image/png"
	"testing"

	"golang.org/x/image/font/sfnt"
)

func TestCJKFontIsSingleFaceWithChinese(t *testing.T) {
	if bytes.HasPrefix(CJKFont, []byte("ttcf")) {
		t.Fatal("CJKFont is a font collection; Fyne needs a single-face TTF")
	}
	f, err := sfnt.Parse(CJKFont)
	if err != nil {
		t.Fatalf("sfnt.Parse(CJKFont) error: %v", err)
	}
	var buf sfnt.Buffer
	for _, r := range "信访包案管理系统〔〕０Aa1" {
		i, err := f.GlyphIndex(&buf, r)
		if err != nil || i == 0 {
			t.Errorf("GlyphIndex(%q) = %d, %v, want a glyph", r, i, err)
		}
	}
}

func TestIconIs512Square(t *testing.T) {
	cfg, err := png.DecodeConfig(bytes.NewReader(Icon))
	if err != nil {
		t.Fatalf("png.DecodeConfig(Icon) error: %v", err)
	}
	if cfg.Width != 512 || cfg.Height != 512 {
		t.Errorf("icon size = %d×%d, want 512×512", cfg.Width, cfg.Height)
	}
}
