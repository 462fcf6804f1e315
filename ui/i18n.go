package ui

import (
	"embed"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"baoan/model"
)

// Languages the screens speak. Chinese is complete and the default; English is complete
// and used when the system language is English or when the user chooses it.
const (
	LangChinese = "zh"
	LangEnglish = "en"
)

// translations holds one JSON file per language, keyed like "nav.ledger". Every piece of
// text a screen shows is looked up there through lang.L, never written into a screen.
//
//go:embed translations
var translations embed.FS

var (
	loadOnce sync.Once
	loadErr  error

	langMu sync.Mutex
	forced fyne.Locale // the locale a language was last forced under; see SetLanguage
)

// SetLanguage makes code (LangChinese, LangEnglish, or "" to follow the system) the language
// of text looked up from now on. Screens built before the call keep their text.
//
// Fyne picks a language from the system locale and offers no way to choose one. When the
// wanted language differs from the one Fyne would pick, its translations are registered
// a second time under the system's locale, which Fyne then matches exactly.
func SetLanguage(code string) error {
	loadOnce.Do(func() { loadErr = loadTranslations() })
	if loadErr != nil {
		return loadErr
	}
	system := systemLanguage()
	if code == "" {
		code = defaultLanguage(system)
	}
	if code != LangChinese && code != LangEnglish {
		return fmt.Errorf("界面语言「%s」无效：应为 zh（中文）或 en（English）", code)
	}
	data, err := translations.ReadFile("translations/" + code + ".json")
	if err != nil {
		return fmt.Errorf("ui: read %s translations: %w", code, err)
	}

	langMu.Lock()
	defer langMu.Unlock()
	// Registering again also makes Fyne match the locale anew.
	tags := []fyne.Locale{ownTag[code]}
	if code != naturalLanguage(system) {
		tags[0] = lang.SystemLocale()
	}
	if forced != "" && forced != tags[0] {
		tags = append(tags, forced) // overwrite a language forced earlier
	}
	for _, tag := range tags {
		if err := lang.AddTranslationsForLocale(data, tag); err != nil {
			return fmt.Errorf("ui: load %s translations as %s: %w", code, tag, err)
		}
	}
	forced = ""
	if code != naturalLanguage(system) {
		forced = tags[0]
	}
	return nil
}

// ownTag is the locale each file is registered under. Chinese goes under zh-Hans, the
// tag of Fyne's own Chinese (dialog buttons, menus), which a Chinese system resolves to;
// under plain "zh" our keys would not be found there.
var ownTag = map[string]fyne.Locale{LangChinese: "zh-Hans", LangEnglish: "en"}

// loadTranslations registers every file once.
func loadTranslations() error {
	if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
		return fmt.Errorf("ui: load translations: %w", err)
	}
	zh, err := translations.ReadFile("translations/zh.json")
	if err != nil {
		return fmt.Errorf("ui: read zh translations: %w", err)
	}
	if err := lang.AddTranslationsForLocale(zh, ownTag[LangChinese]); err != nil {
		return fmt.Errorf("ui: load zh-Hans translations: %w", err)
	}
	return nil
}

// systemLanguage is the base language of the user's locale ("zh", "en", "de" …), or ""
// when none is set: a POSIX locale of C has no language, though Fyne treats it as English.
func systemLanguage() string {
	if runtime.GOOS != "windows" && runtime.GOOS != "darwin" {
		loc := ""
		for _, env := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
			if loc = os.Getenv(env); loc != "" {
				break
			}
		}
		if (loc == "" || loc == "C" || loc == "POSIX" || strings.HasPrefix(loc, "C.")) && os.Getenv("LANGUAGE") == "" {
			return ""
		}
	}
	base, _, _ := strings.Cut(string(lang.SystemLocale()), "-")
	return base
}

// defaultLanguage is what the app speaks unless told otherwise: English on an English
// system, Chinese everywhere else.
func defaultLanguage(system string) string {
	if system == LangEnglish {
		return LangEnglish
	}
	return LangChinese
}

// naturalLanguage is which of our files Fyne itself resolves to for a system language:
// Chinese on a Chinese system, English (its fallback) on any other.
func naturalLanguage(system string) string {
	if system == LangChinese {
		return LangChinese
	}
	return LangEnglish
}

// statusText is the translated name of a case status.
func statusText(s model.Status) string { return lang.L("status." + string(s)) }

// channelText is the translated name of a channel (信访形式).
func channelText(c model.Channel) string { return lang.L("channel." + string(c)) }
