package ui

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
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

// translations holds the text of every screen, one JSON file per area and language,
// named <area>.<language>.json (ledger.zh.json, ledger.en.json …) and keyed like
// "nav.ledger". Every piece of text a screen shows is looked up there through lang.L,
// never written into a screen. A file per area keeps each screen's words beside each
// other and lets screens be worked on at the same time; bundle merges them.
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
	data, err := bundle(code)
	if err != nil {
		return err
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

// loadTranslations registers every language once: English under "en", Chinese under
// both "zh" and "zh-Hans".
func loadTranslations() error {
	for _, reg := range []struct {
		code string
		tag  fyne.Locale
	}{{LangEnglish, "en"}, {LangChinese, "zh"}, {LangChinese, ownTag[LangChinese]}} {
		data, err := bundle(reg.code)
		if err != nil {
			return err
		}
		if err := lang.AddTranslationsForLocale(data, reg.tag); err != nil {
			return fmt.Errorf("ui: load %s translations as %s: %w", reg.code, reg.tag, err)
		}
	}
	return nil
}

// translationMap merges every translations/*.<code>.json into one map. A key defined in
// two files is an error, so that one area cannot silently change another's text.
func translationMap(code string) (map[string]string, error) {
	files, err := fs.Glob(translations, "translations/*."+code+".json")
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("ui: no %s translation files (%v)", code, err)
	}
	out := map[string]string{}
	from := map[string]string{}
	for _, name := range files {
		data, err := translations.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("ui: read %s: %w", name, err)
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("ui: %s is not a flat JSON object of strings: %w", name, err)
		}
		for k, v := range m {
			if prev, dup := from[k]; dup {
				return nil, fmt.Errorf("ui: translation key %q is in both %s and %s", k, prev, name)
			}
			out[k], from[k] = v, name
		}
	}
	return out, nil
}

// bundle is translationMap as the JSON Fyne's lang package reads.
func bundle(code string) ([]byte, error) {
	m, err := translationMap(code)
	if err != nil {
		return nil, err
	}
	return json.Marshal(m)
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
