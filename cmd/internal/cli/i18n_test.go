package cli_test

import (
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/walkshed/walkshed/cmd/internal/cli"
	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/internal/i18ntest"
)

// TestMessagesTranslated requires every message the command line prints
// through its catalogue (tr("...")) to have a Chinese translation.
func TestMessagesTranslated(t *testing.T) {
	keys := i18ntest.Keys(t, ".", i18ntest.TrCall, 30)
	if missing := i18n.Missing(i18n.Chinese, keys); len(missing) > 0 {
		t.Errorf("messages without a Chinese translation in data/i18n/catalog_zh.go:\n%s", strings.Join(missing, "\n"))
	}
}

// helpTexts returns every text of the command line's help: each command's
// Short and Long and each flag's usage, cobra's help and completion
// commands included (their --help usages, "help for X", are translated
// by pattern).
func helpTexts(t *testing.T) []string {
	t.Helper()
	root := cli.NewRootCmd(&cli.IO{Out: io.Discard, Err: io.Discard})
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	var texts []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		texts = append(texts, c.Short, c.Long)
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if !strings.HasPrefix(f.Usage, "help for ") {
				texts = append(texts, f.Usage)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	if len(texts) < 150 {
		t.Fatalf("found %d help texts, want at least 150: the walk misses commands", len(texts))
	}
	return slices.DeleteFunc(texts, func(s string) bool { return s == "" })
}

// TestHelpTranslated requires a Chinese translation of every command's
// Short and Long and of every flag's usage, so that a new command or flag
// cannot be left untranslated in walkshed --lang zh --help.
func TestHelpTranslated(t *testing.T) {
	if missing := i18n.Missing(i18n.Chinese, helpTexts(t)); len(missing) > 0 {
		t.Errorf("help texts without a Chinese translation in data/i18n/catalog_zh_help.go:\n%s", strings.Join(missing, "\n---\n"))
	}
}

// TestHelpInChinese runs --help in Chinese, by --lang and by WALKSHED_LANG:
// the command's texts, its flags' usages, their defaults and cobra's
// headings are Chinese; in English the help stays cobra's own.
func TestHelpInChinese(t *testing.T) {
	english := helpTexts(t)
	for name, tt := range map[string]struct {
		env  string
		args []string
		want []string
	}{
		"--lang":        {"", []string{"--lang", "zh", "audit", "--help"}, []string{"评估 15 分钟生活圈", "用法：\n  walkshed audit", "示例：", "参数：", "全局参数：", "OpenStreetMap 文件（.osm.pbf 或 .osm）", "缺口单元的 H3 分辨率（默认 10）", "audit 的帮助"}},
		"WALKSHED_LANG": {"zh", []string{"--help"}, []string{"可用命令：", "逐网格评估谁能在 15 分钟内", "任一命令的帮助", `（默认 "zh"）`, `运行 "walkshed [命令] --help"`}},
		"help command":  {"", []string{"help", "site", "--lang", "zh"}, []string{"为某一类别的新设施推荐选址", "新设施的类别"}},
		"completion":    {"zh", []string{"completion", "bash", "-h"}, []string{"为 bash shell 生成自动补全脚本", "不显示补全说明"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(cli.LangEnv, tt.env)
			out := run(t, tt.args...).stdout
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("help lacks %q:\n%s", w, out)
				}
			}
			for _, e := range append([]string{"Usage:", "Flags:", "Examples:", "Available Commands:", "(default ", "help for "}, english...) {
				if len(e) > 8 && strings.Contains(out, e) || strings.HasSuffix(e, ":") && strings.Contains(out, e) {
					t.Errorf("Chinese help has English %q:\n%s", e, out)
				}
			}
		})
	}
	t.Setenv(cli.LangEnv, "")
	out := run(t, "audit", "--help").stdout
	for _, w := range []string{"Audit a 15-minute service circle", "Usage:\n  walkshed audit", "Flags:", "Global Flags:", `(default "table")`} {
		if !strings.Contains(out, w) {
			t.Errorf("English help lacks %q:\n%s", w, out)
		}
	}
	t.Setenv(cli.LangEnv, "fr")
	invoke(t, "--help").fails(t, 2, `WALKSHED_LANG: unknown language "fr"; known: en, zh`)
}
