package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/walkshed/walkshed/cmd/internal/api"
	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/internal/i18ntest"
)

// apiMessages are the patterns of the messages the API writes for people:
// error formats and the texts they quote (the body examples, the JSON
// types, what an answer too large was, the gates' names).
var apiMessages = []string{
	`\bbadParam\([^,]+,\s*("(?:[^"\\]|\\.)*")`,
	`\berrorf\([^,]+,\s*[^,]+,\s*("(?:[^"\\]|\\.)*")`,
	`\bbad\(("(?:[^"\\]|\\.)*")`,
	`\bunroutable\(ue,\s*("(?:[^"\\]|\\.)*")`,
	`\banswerJSON\(w, r,\s*("(?:[^"\\]|\\.)*")`,
	`\banswerJSON\(w, r,\s*"(?:[^"\\]|\\.)*",\s*("(?:[^"\\]|\\.)*")`,
	"Example\\s*=\\s*(`[^`]*`)",
	`\breturn ("an? (?:number|object|array|string)")`,
	`\bnewGate\(("(?:[^"\\]|\\.)*")`,
	`\.Text\(("(?:[^"\\]|\\.)*")`,
	`\btextErrorf\(("(?:[^"\\]|\\.)*")`,
}

// TestAPIMessagesTranslated requires a Chinese translation of every
// message of the API (formats made only of verbs and punctuation, "%v",
// "%s: %s", need none).
func TestAPIMessagesTranslated(t *testing.T) {
	verbs := regexp.MustCompile(`%[-+# 0-9.\[\]]*[a-zA-Z]`)
	letter := regexp.MustCompile(`[a-zA-Z]`)
	var keys []string
	for _, p := range apiMessages {
		for _, k := range i18ntest.Keys(t, ".", p, 1) {
			if letter.MatchString(verbs.ReplaceAllString(k, "")) {
				keys = append(keys, k)
			}
		}
	}
	if len(keys) < 60 {
		t.Fatalf("found %d messages, want at least 60: the patterns miss the calls", len(keys))
	}
	if missing := i18n.Missing(i18n.Chinese, keys); len(missing) > 0 {
		t.Errorf("API messages without a Chinese translation in data/i18n/catalog_zh.go:\n%s", strings.Join(missing, "\n"))
	}
}

// send sends a request with headers and returns the answer.
func send(t *testing.T, method, url, body string, header map[string]string) answer {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

// TestLanguage: a request chooses the language of its answer's texts by
// lang or Accept-Language, the server's default otherwise; an unknown lang
// is a 400 naming the known ones, an unknown Accept-Language is not.
func TestLanguage(t *testing.T) {
	srv := newServer(t, api.Options{})
	zhSrv := newServer(t, api.Options{Lang: i18n.Chinese})
	const sea = "/v1/nearest?at=7.50,43.73&category=pharmacy"
	const far = "距路网 5.2 公里（最大接入距离 300 米）"
	tests := []struct {
		name, base, path string
		header           map[string]string
		status           int
		lang             string // Content-Language
		want             string
	}{
		{"default English", srv.URL, sea, nil, 422, "en", "parameter at: point 7.50,43.73: point is 5.2 km from the network (maximum snap distance 300 m)"},
		{"lang=zh", srv.URL, sea + "&lang=zh", nil, 422, "zh-Hans", "参数 at：点 7.50,43.73：" + far},
		{"lang=zh-CN", srv.URL, sea + "&lang=zh-CN", nil, 422, "zh-Hans", "参数 at：点 7.50,43.73：" + far},
		{"Accept-Language zh-CN", srv.URL, sea, map[string]string{"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}, 422, "zh-Hans", far},
		{"Accept-Language second choice", srv.URL, sea, map[string]string{"Accept-Language": "fr-FR, zh;q=0.5"}, 422, "zh-Hans", far},
		{"Accept-Language unknown", srv.URL, sea, map[string]string{"Accept-Language": "fr-FR, de;q=0.5"}, 422, "en", "point is 5.2 km from the network"},
		{"lang wins over Accept-Language", srv.URL, sea + "&lang=en", map[string]string{"Accept-Language": "zh"}, 422, "en", "point is 5.2 km"},
		{"unknown lang", srv.URL, sea + "&lang=fr", nil, 400, "en", `parameter lang: unknown language "fr"; known: en, zh`},
		{"unknown lang, server Chinese", zhSrv.URL, sea + "&lang=fr", nil, 400, "zh-Hans", `参数 lang：未知语言 "fr"；已知语言：en, zh`},
		{"empty lang", srv.URL, sea + "&lang=", nil, 400, "en", `parameter lang: unknown language ""; known: en, zh`},
		{"lang twice", srv.URL, sea + "&lang=zh&lang=en", nil, 400, "en", "parameter lang: given 2 times, want once"},
		{"server default Chinese", zhSrv.URL, sea, nil, 422, "zh-Hans", far},
		{"server default, lang=en", zhSrv.URL, sea + "&lang=en", nil, 422, "en", "point is 5.2 km from the network"},
		{"bad parameter", srv.URL, "/v1/nearest?at=7.42,43.73&k=0&lang=zh", nil, 400, "zh-Hans", `参数 k："0"：应为 1 到 50 的整数`},
		{"unknown parameter", srv.URL, "/v1/within?at=7.42,43.73&radius=3&lang=zh", nil, 400, "zh-Hans", "参数 radius：未知参数；已知参数：at, category, minutes, meters, profile, lang"},
		{"no endpoint", srv.URL, "/v2/nearest?lang=zh", nil, 404, "zh-Hans", "没有端点 /v2/nearest"},
		{"body", srv.URL, "/v1/audit?lang=zh", nil, 400, "zh-Hans", `请求体：为空；需要 JSON：形如 {"residents"`},
		{"budget", srv.URL, "/v1/nearest?at=7.42,43.73&minutes=600&lang=zh", nil, 400, "zh-Hans", "参数 minutes：600 分钟超过上限 60 分钟"},
		{"point", srv.URL, "/v1/nearest?at=7.42&lang=zh", nil, 400, "zh-Hans", `点 "7.42"：应为 LON,LAT`},
		{"resident type", srv.URL, "/v1/audit?lang=zh", nil, 400, "zh-Hans", `residents[0] (id "a")：lon：应为数字，收到 JSON string`},
		{"body type", srv.URL, "/v1/audit?lang=zh", nil, 400, "zh-Hans", `请求体：收到 JSON array；应为形如 {"residents"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := http.MethodGet
			if strings.HasPrefix(tt.path, "/v1/audit") {
				method = http.MethodPost
			}
			body := ""
			switch tt.name {
			case "body type":
				body = "[]"
			case "resident type":
				body = `{"residents":[{"id":"a","lon":"x","lat":43.73}]}`
			}
			a := send(t, method, tt.base+tt.path, body, tt.header)
			var e struct{ Error string }
			json.Unmarshal(a.body, &e)
			if a.status != tt.status || !strings.Contains(e.Error, tt.want) {
				t.Errorf("%s: %d %s; want %d with %q", tt.path, a.status, a.body, tt.status, tt.want)
			}
			if got := a.header.Get("Content-Language"); got != tt.lang {
				t.Errorf("Content-Language %q, want %q", got, tt.lang)
			}
		})
	}

	// an audit in Chinese: the report's title, header and reasons
	body := `{"residents":[{"id":"a","lon":7.4246,"lat":43.7390},{"id":"sea","lon":7.50,"lat":43.73}],"categories":["pharmacy"]}`
	for lang, want := range map[string][]string{
		"zh": {"15 分钟生活圈服务覆盖评估", "居民：请求体（2）", `"reason": "` + far},
		"en": {"15-minute service coverage audit", `"reason": "point is 5.2 km from the network (maximum snap distance 300 m)"`},
	} {
		a := send(t, http.MethodPost, srv.URL+"/v1/audit?lang="+lang, body, map[string]string{"Content-Type": "application/json"})
		for _, w := range want {
			if a.status != 200 || !strings.Contains(string(a.body), w) {
				t.Errorf("audit lang=%s: %d, lacks %q", lang, a.status, w)
			}
		}
	}
	// an emergency assessment and a siting in Chinese: their headers, the
	// request body named in Chinese too
	for path, b := range map[string]string{
		"/v1/emergency": `{"responders":[{"id":"p1","lon":7.4206,"lat":43.7314}],"residents":[{"id":"a","lon":7.4246,"lat":43.7390}],"grids":"osm:admin_level=10"}`,
		"/v1/site":      `{"category":"pharmacy","count":1,"residents":[{"id":"a","lon":7.4246,"lat":43.7390}]}`,
	} {
		for lang, want := range map[string]string{"zh": "请求体", "en": "request body"} {
			a := send(t, http.MethodPost, srv.URL+path+"?lang="+lang, b, map[string]string{"Content-Type": "application/json"})
			if a.status != 200 || !strings.Contains(string(a.body), want) {
				t.Errorf("%s lang=%s: %d, lacks %q: %.400s", path, lang, a.status, want, a.body)
			}
			if lang == "zh" && (strings.Contains(string(a.body), "request body") || !strings.Contains(string(a.body), "居民：请求体")) {
				t.Errorf("%s lang=zh: header not in Chinese: %.600s", path, a.body)
			}
		}
	}
	// the categories' descriptions
	var cats struct {
		Categories []struct{ Name, Description string }
	}
	get(t, srv.URL+"/v1/categories?lang=zh", &cats)
	if len(cats.Categories) == 0 || cats.Categories[2].Name != "pharmacy" || cats.Categories[2].Description != "配售药品的药店。" {
		t.Errorf("categories in Chinese: %+v", cats.Categories)
	}
}
