package i18n

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/mattn/go-runewidth"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Language is a language of the texts for people. The zero value is
// English.
type Language string

// The languages.
const (
	English Language = "en"
	Chinese Language = "zh" // Simplified Chinese
)

// Languages returns the names Parse accepts, as --lang lists them.
func Languages() []string { return []string{string(English), string(Chinese)} }

// Parse returns the language named s: "en" (also "" and "en-*") or "zh"
// (also "zh-Hans", "zh-CN", "zh-SG").
func Parse(s string) (Language, error) {
	switch l := strings.ToLower(s); {
	case l == "" || l == "en" || strings.HasPrefix(l, "en-"):
		return English, nil
	case l == "zh" || l == "zh-hans" || l == "zh-cn" || l == "zh-sg" || strings.HasPrefix(l, "zh-hans-"):
		return Chinese, nil
	}
	return "", fmt.Errorf("unknown language %q; known: %s", s, strings.Join(Languages(), ", "))
}

// Valid reports whether l is a language of this package (the zero value
// is English).
func (l Language) Valid() bool { return l == "" || l == English || l == Chinese }

// Tag returns the BCP 47 tag of l: en or zh-Hans.
func (l Language) Tag() language.Tag {
	if l == Chinese {
		return language.SimplifiedChinese
	}
	return language.English
}

// HTML returns the value of an HTML lang attribute: "en" or "zh-Hans".
func (l Language) HTML() string { return l.Tag().String() }

// english and chinese are the printers of the two languages, each made
// on first use: the Chinese catalogue takes a one-shot English command
// (walkshed isochrone, about 0.3 ms of its 13 ms CPU) longer to build than
// the work it reports, and English has no messages in it to find.
var (
	english = sync.OnceValue(func() *message.Printer {
		return message.NewPrinter(language.English, message.Catalog(catalog.NewBuilder(catalog.Fallback(language.English))))
	})
	chinese = sync.OnceValue(func() *message.Printer {
		b := catalog.NewBuilder(catalog.Fallback(language.English))
		for k, v := range zh() {
			if err := b.SetString(language.SimplifiedChinese, k, v); err != nil {
				panic("i18n: bad message " + k + ": " + err.Error()) // a bug of catalog_zh.go
			}
		}
		return message.NewPrinter(language.SimplifiedChinese, message.Catalog(b))
	})
)

// Sprintf formats the message key in l, as fmt.Sprintf formats its
// format: the translation when the catalogue has one, else key itself.
// Give numbers as formatted strings (%s). It is safe for concurrent use.
func (l Language) Sprintf(key string, a ...any) string {
	if l == Chinese {
		return chinese().Sprintf(key, a...)
	}
	return english().Sprintf(key, a...)
}

// Text returns the translation of a message in l, unformatted (its verbs
// kept for a later fmt.Sprintf), or the message itself when l is English
// or the catalogue lacks it. The help texts of the command line
// (catalog_zh_help.go) are found only here, as they are never formatted.
func (l Language) Text(key string) string {
	if l == Chinese {
		if t, ok := zh()[key]; ok {
			return t
		}
		if t, ok := zhHelp()[key]; ok {
			return t
		}
	}
	return key
}

// ListSeparator is what joins the items of a list in l: ", " or "、".
func (l Language) ListSeparator() string {
	if l == Chinese {
		return "、"
	}
	return ", "
}

// Category returns the display name of a service category in l: the
// translation of a default category's name, else the name itself.
func (l Language) Category(name string) string {
	if l == Chinese {
		if t, ok := zhCategories[name]; ok {
			return t
		}
	}
	return name
}

// Missing returns the keys that have no translation into l, sorted; for
// English, none.
func Missing(l Language, keys []string) []string {
	var out []string
	if l != Chinese {
		return nil
	}
	for _, k := range keys {
		_, ok := zh()[k]
		if _, help := zhHelp()[k]; !ok && !help && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// cond measures widths with ambiguous characters one column wide, whatever
// the locale says.
var cond = &runewidth.Condition{EastAsianWidth: false}

// Width returns the width of s in terminal columns.
func Width(s string) int { return cond.StringWidth(s) }

// PadRight pads s with spaces on the right to w columns.
func PadRight(s string, w int) string { return s + strings.Repeat(" ", max(w-Width(s), 0)) }

// PadLeft pads s with spaces on the left to w columns.
func PadLeft(s string, w int) string { return strings.Repeat(" ", max(w-Width(s), 0)) + s }

// Truncate shortens s to at most w columns, ending a cut with tail.
func Truncate(s string, w int, tail string) string { return cond.Truncate(s, w, tail) }
