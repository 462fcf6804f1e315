package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"baoan/assets"
)

// fontTheme is Fyne's default theme with the bundled WenQuanYi Micro Hei as its font, so
// that Chinese renders the same on every machine whatever fonts it has (and golden test
// output does not depend on the machine). Everything else is left to the default theme.
type fontTheme struct {
	fyne.Theme
	font fyne.Resource
}

// NewTheme returns the app's theme: the default look with the bundled CJK font.
func NewTheme() fyne.Theme {
	return &fontTheme{
		Theme: theme.DefaultTheme(),
		font:  fyne.NewStaticResource("wqy-microhei.ttf", assets.CJKFont),
	}
}

// Font returns the bundled font for every text style. Micro Hei has one weight and no
// italic, so bold and italic text render in the regular face rather than fall back to a
// system font that may lack Chinese.
func (t *fontTheme) Font(fyne.TextStyle) fyne.Resource { return t.font }

// Color always uses the light variant. An office application is read in bright rooms and
// its screens are compared with printed forms; following a dark desktop setting (or a
// bare Xvfb, which reports dark) would make the ledger's red overdue rows and the
// printed report look like two different programs.
func (t *fontTheme) Color(name fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(name, theme.VariantLight)
}
