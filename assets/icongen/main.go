// Command icongen draws the app icon, assets/icon.png: a white 访 (from the bundled font) on a
// red rounded square, 512×512. The glyph is drawn heavy so that it stays readable at 32 px,
// the size of a Windows taskbar or a Linux panel icon.
//
// Run it from the repository root: go run ./assets/icongen
package main

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

const size = 512

var (
	red   = color.NRGBA{R: 0xC8, G: 0x1E, B: 0x1E, A: 0xFF} // 中国红, darker than pure red so white reads well on it
	white = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
)

func main() {
	fontPath := flag.String("font", "assets/wqy-microhei.ttf", "TrueType font to draw the glyph with")
	out := flag.String("o", "assets/icon.png", "output PNG")
	flag.Parse()

	// The font is read from disk rather than through package assets, because assets embeds
	// icon.png and could not compile before this program has written it.
	ttf, err := os.ReadFile(*fontPath)
	if err != nil {
		log.Fatalf("icongen: read font: %v", err)
	}
	img, err := drawIcon(ttf)
	if err != nil {
		log.Fatalf("icongen: %v", err)
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatalf("icongen: %v", err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		log.Fatalf("icongen: encode %s: %v", *out, err)
	}
	if err := f.Close(); err != nil {
		log.Fatalf("icongen: write %s: %v", *out, err)
	}
	fmt.Println("wrote", *out)
}

func drawIcon(ttf []byte) (*image.NRGBA, error) {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	roundedSquare(img, 16, 96, red)

	otf, err := opentype.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("parse font: %w", err)
	}
	face, err := opentype.NewFace(otf, &opentype.FaceOptions{Size: 380, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, fmt.Errorf("font face: %w", err)
	}
	defer face.Close()

	const glyph = "访"
	b, _ := font.BoundString(face, glyph)
	w, h := (b.Max.X - b.Min.X).Round(), (b.Max.Y - b.Min.Y).Round()
	// Place the ink box, not the advance box, in the middle of the square.
	origin := fixed.P((size-w)/2-b.Min.X.Round(), (size-h)/2-b.Min.Y.Round())

	// Micro Hei has a single weight; stamping the glyph on a small disc of offsets
	// thickens each stroke by about 2×radius pixels.
	const radius = 7
	d := &font.Drawer{Dst: img, Src: image.NewUniform(white), Face: face}
	for dy := -radius; dy <= radius; dy++ {
		for dx := -radius; dx <= radius; dx++ {
			if dx*dx+dy*dy > radius*radius {
				continue
			}
			d.Dot = origin.Add(fixed.P(dx, dy))
			d.DrawString(glyph)
		}
	}
	return img, nil
}

// roundedSquare fills the square inset by margin with corners of radius r, anti-aliased by
// 4×4 supersampling so the edge is smooth when the icon is scaled down.
func roundedSquare(img *image.NRGBA, margin, r int, c color.NRGBA) {
	lo, hi := float64(margin), float64(size-margin)
	rr := float64(r)
	inside := func(x, y float64) bool {
		cx := math.Max(lo+rr, math.Min(x, hi-rr))
		cy := math.Max(lo+rr, math.Min(y, hi-rr))
		return x >= lo && x <= hi && y >= lo && y <= hi && (x-cx)*(x-cx)+(y-cy)*(y-cy) <= rr*rr
	}
	const n = 4
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			hits := 0
			for sy := 0; sy < n; sy++ {
				for sx := 0; sx < n; sx++ {
					if inside(float64(x)+(float64(sx)+0.5)/n, float64(y)+(float64(sy)+0.5)/n) {
						hits++
					}
				}
			}
			if hits == 0 {
				continue
			}
			px := c
			px.A = uint8(int(c.A) * hits / (n * n))
			img.SetNRGBA(x, y, px)
		}
	}
}
