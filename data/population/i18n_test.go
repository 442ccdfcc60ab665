package population_test

import (
	"strings"
	"testing"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/internal/i18ntest"
)

// TestMessagesTranslated requires every message of the estimate and the
// spreading that reaches a report header (tr("...")) to have a Chinese
// translation.
func TestMessagesTranslated(t *testing.T) {
	keys := i18ntest.Keys(t, ".", i18ntest.TrCall, 15)
	if missing := i18n.Missing(i18n.Chinese, keys); len(missing) > 0 {
		t.Errorf("messages without a Chinese translation in data/i18n/catalog_zh.go:\n%s", strings.Join(missing, "\n"))
	}
}
