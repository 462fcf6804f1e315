package ui

import (
	"bytes"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"baoan/assets"
)

func TestThemeUsesBundledFontForEveryStyle(t *testing.T) {
	th := NewTheme()
	styles := []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Bold: true, Italic: true}, {Monospace: true}, {Symbol: true}}
	for _, s := range styles {
		if got := th.Font(s).Content(); !bytes.Equal(got, assets.CJKFont) {
			t.Errorf("Font(%+v) is %d bytes of something else, want the bundled font", s, len(got))
		}
	}
}

// The default look in its light variant, whatever variant the desktop asks for.
func TestThemeKeepsDefaultLightLook(t *testing.T) {
	th, def := NewTheme(), theme.DefaultTheme()
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		for _, c := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameError, theme.ColorNamePrimary, theme.ColorNameForeground} {
			if got, want := th.Color(c, v), def.Color(c, theme.VariantLight); got != want {
				t.Errorf("Color(%s, %d) = %v, want the default %v", c, v, got, want)
			}
		}
	}
	if got, want := th.Size(theme.SizeNameText), def.Size(theme.SizeNameText); got != want {
		t.Errorf("Size(text) = %v, want the default %v", got, want)
	}
}
