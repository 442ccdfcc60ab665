// The command line's help in Chinese: the Short, Long and flag usage of
// every command (cmd/internal/cli), keyed by the English text.
// TestHelpTranslated (cmd/internal/cli) requires an entry for each, so that
// a new command or flag cannot be left untranslated.

package i18n

import "sync"

// zhHelp holds the translations Text gives for the help of the command
// line; they are looked up whole, never formatted, so "%" needs no escape.
// The map is made on first use, so that a command that shows no help in
// Chinese does not build it at start.
var zhHelp = sync.OnceValue(func() map[string]string {
	return map[string]string{
		// walkshed
		"15-minute walking access to services, grid by grid, from OpenStreetMap": "从 OpenStreetMap 出发，逐网格评估 15 分钟步行可达的服务",
		// walkshed
		`walkshed answers the question every "15-minute service circle" asks: can each resident walk
to a supermarket, a clinic, a pharmacy, a barber, a repair shop, a key cutter ... within 15
minutes, and where, grid by grid, are the gaps?

Start with 'walkshed audit', which runs on the bundled sample (Monaco). --lang zh (or the
environment variable WALKSHED_LANG=zh) puts reports, table headings and this help in Chinese.
Map data © OpenStreetMap contributors (ODbL).`: `walkshed 回答每个“15分钟生活圈”都要问的问题：每位居民能否在 15 分钟内步行到达
超市、诊所、药店、理发店、维修店、配钥匙摊……？缺口又逐网格地落在哪里？

从 'walkshed audit' 开始，它可直接在内置样例（摩纳哥）上运行。--lang zh（或环境变量
WALKSHED_LANG=zh）使报告、表头和本帮助以中文显示。
地图数据 © OpenStreetMap contributors (ODbL)。`,
		// walkshed --lang
		"language of reports, cards, table headings and --help: en or zh (Simplified Chinese); default $WALKSHED_LANG, else en; data column names stay English": "报告、卡片、表头和 --help 的语言：en 或 zh（简体中文）；默认取 $WALKSHED_LANG，否则为 en；数据列名保持英文",
		// walkshed --quiet
		"show nothing on standard error but errors: no progress bars, no notes": "标准错误上只显示错误：不显示进度条和提示",
		// walkshed --verbose
		"log the time of each stage (reading, building, searching, writing) on standard error": "在标准错误上记录各阶段（读取、构建、搜索、写出）的用时",
		// walkshed audit
		"Who reaches which service within 15 minutes, grid by grid (runs on the bundled sample without flags)": "逐网格评估谁能在 15 分钟内到达哪类服务（不带参数时在内置样例上运行）",
		// walkshed audit
		`Audit a 15-minute service circle: for every resident and every service category, the walking
time to the nearest facility; per grid and category, who is covered within the budget, the
median and 90th-percentile minutes, who is not, and where the gaps are.

Without --osm or --graph it runs on the bundled sample: Monaco (OSM data of 2026-03-10), its
nine quarters (admin_level=10) as grids, residents estimated from buildings.

Services come from OSM tags by the taxonomy ('walkshed categories' lists it; --taxonomy
FILE replaces or extends it) and/or a community directory (--services FILE: CSV
id,name,category,lon,lat, GeoJSON points or a GeoPackage layer). Residents come from
--residents FILE (CSV id,lon,lat[,weight][,group], GeoJSON points or a GeoPackage layer) or
are estimated from OSM buildings. Grids come from --grids FILE (GeoJSON polygons or a
GeoPackage layer; one crossing the antimeridian must be split into a polygon each side of
±180°), --grids osm:admin_level=N, or default to H3 resolution-8 cells. A GeoPackage is read
as FILE.gpkg (its layer residents, facilities or grids, else its first feature layer) or
FILE.gpkg:LAYER, in WGS 84 longitude/latitude.

A what-if (--add-services FILE, --remove-services ID,...|FILE, --scenario NAME) adds
and removes services before the audit and stamps its name in the report; 'walkshed
compare' then sets two report.json files side by side.

A standard (--standard mofcom-2021, gb50180-2018 or a JSON file) gives each category its
own budget and, where it needs them, its own categories (mofcom-2021 holds convenience
stores apart from supermarkets); the report adds the share within each category's tier and
the compliant share (every category within its tier). Without --minutes or --meters the
audit's budget is the standard's largest.

Several budgets (--minutes 5,10,15 or --meters 300,500,1000) are answered from the same
one search per category: the report is at the largest, with the shares at each budget in a
table of its own (and tiers.csv).

Estimated residents: homes are residential building values and building=yes in
residential land use (offices, shops, banks and the like excluded; shops on the ground
floor not counted), each holding footprint × levels ÷ --floor-area-per-person people;
levels come from building:levels, height, or --default-levels. The header counts every
rule. Bring real numbers when you have them: --population FILE (people per H3 cell,
resolution 6-10: CSV h3,population or a GeoPackage such as Kontur Population) spreads
each cell's people over its homes by floor area, or over its streets; --grid-population
FILE (CSV grid,population[,GROUP...]) scales each grid to its census count exactly.
--group-share elderly=0.18 (or the group columns) splits people into groups, which get
their own rows and --group-profile. --expect-population N warns when the total is off
by more than 25%. People not placed are listed with their counts.

Every resident given appears in the output: complete, partial, or unroutable with the
reason. Residents of a group can walk with their own profile (--group-profile
elderly=elderly); each group also gets a total row. --format csv prints residents.csv, or with
--table grids or facilities grids.csv or facilities.csv (which facility counted, in which
category, with its OSM id). --format gpkg writes a GeoPackage, which QGIS opens as it is,
with the layers grids (every share), totals, residents, gap_cells, facilities, isochrones
(per category, the area within the budget of its facilities) and report_header.
--out DIR writes every format: report.txt, residents.csv, grids.csv, facilities.csv,
report.json, gaps.geojson, facilities.geojson, report.md, report.html and audit.gpkg, all at
once through a temporary folder, so a failed run leaves DIR as it was; other files in DIR
are kept, and none of the set may be an input.`: `评估 15 分钟生活圈：对每位居民、每个服务类别，计算到最近设施的步行时间；
按网格和类别给出步行预算内被覆盖的居民、步行分钟数的中位数与第 90 百分位数、
未覆盖的居民，以及缺口所在。

不带 --osm 或 --graph 时在内置样例上运行：摩纳哥（2026-03-10 的 OSM 数据），以其
九个街区（admin_level=10）为网格，居民由建筑估算。

服务设施来自按服务分类匹配的 OSM 标签（'walkshed categories' 列出分类；--taxonomy
FILE 可替换或扩展它），和/或社区服务名录（--services FILE：CSV
id,name,category,lon,lat、GeoJSON 点或 GeoPackage 图层）。居民来自 --residents FILE
（CSV id,lon,lat[,weight][,group]、GeoJSON 点或 GeoPackage 图层），或由 OSM 建筑估算。
网格来自 --grids FILE（GeoJSON 多边形或 GeoPackage 图层；跨越 ±180° 经线的网格须在
两侧各拆成一个多边形）、--grids osm:admin_level=N，默认为分辨率 8 的 H3 单元。
GeoPackage 以 FILE.gpkg（其 residents、facilities 或 grids 图层，否则第一个要素图层）
或 FILE.gpkg:LAYER 读取，坐标为 WGS 84 经纬度。

情景模拟（--add-services FILE、--remove-services ID,...|FILE、--scenario NAME）在评估前
增删服务设施，并在报告中注明情景名称；之后可用 'walkshed compare' 将两份 report.json
并排对比。

规划标准（--standard mofcom-2021、gb50180-2018 或 JSON 文件）为每个类别设定各自的
步行预算，必要时还有各自的类别（mofcom-2021 将便利店与超市分开）；报告增加各类别
在其层级内的占比和达标占比（每个类别都在其层级内）。未给 --minutes 或 --meters 时，
评估的预算取该标准的最大值。

多个预算（--minutes 5,10,15 或 --meters 300,500,1000）由每个类别的同一次搜索得出：
报告按最大预算给出，各预算下的占比另列一表（及 tiers.csv）。

估算居民：住宅为住宅类 building 取值的建筑，以及居住用地内的 building=yes（办公、
商铺、银行等除外；底层商铺不计），每栋容纳 占地面积 × 层数 ÷ --floor-area-per-person
人；层数取自 building:levels、高度或 --default-levels。报告头部列出每条规则的计数。
有实际人口数据时请提供：--population FILE（每个 H3 单元的人口，分辨率 6-10：CSV
h3,population 或 Kontur Population 等 GeoPackage）将每个单元的人口按建筑面积分配到
其住宅，或分配到其道路上；--grid-population FILE（CSV grid,population[,GROUP...]）
将每个网格精确缩放到其普查人数。--group-share elderly=0.18（或人群列）将人口分为
人群，每个人群有各自的行和 --group-profile。--expect-population N 在总数偏差超过 25%
时发出警告。未能分配的人口连同其计数一并列出。

输入的每位居民都出现在输出中：全部可达、部分可达，或无法接入路网并附原因。
某一人群的居民可按其自身的步行配置行走（--group-profile elderly=elderly）；每个人群
另有一行合计。--format csv 输出 residents.csv，加 --table grids 或 facilities 则输出
grids.csv 或 facilities.csv（哪些设施计入、属于哪个类别、其 OSM id）。--format gpkg
写出 QGIS 可直接打开的 GeoPackage，含图层 grids（全部占比）、totals、residents、
gap_cells、facilities、isochrones（各类别设施步行预算内的范围）和 report_header。
--out DIR 写出全部格式：report.txt、residents.csv、grids.csv、facilities.csv、
report.json、gaps.geojson、facilities.geojson、report.md、report.html 和 audit.gpkg，
经临时文件夹一次写入，运行失败时 DIR 保持原样；DIR 中的其他文件保留，这些输出文件
均不得是输入文件。`,
		// walkshed audit --add-services
		"what-if: add the services of this directory (CSV id,name,category,lon,lat or GeoJSON points); repeatable": "情景模拟：加入此名录中的服务设施（CSV id,name,category,lon,lat 或 GeoJSON 点）；可重复",
		// walkshed audit --categories
		"categories to audit (default: all of the taxonomy)": "要评估的类别（默认：服务分类中的全部类别）",
		// walkshed audit --default-levels
		"estimate: levels of homes without building:levels or height, house=N,other=N": "估算：无 building:levels 也无高度的住宅层数，house=N,other=N",
		// walkshed audit --expect-population
		"the population you expect; the report warns when the residents' total is off by more than 25%": "预期人口；居民总数偏差超过 25% 时报告发出警告",
		// walkshed audit --floor-area-per-person
		"estimate: m² of gross floor (footprint × levels) per resident": "估算：每位居民的总建筑面积（占地面积 × 层数），单位平方米",
		// walkshed audit --format
		"output format on standard output: table, csv, json, geojson, markdown, html, gpkg (GeoPackage for QGIS)": "标准输出的格式：table、csv、json、geojson、markdown、html、gpkg（供 QGIS 使用的 GeoPackage）",
		// walkshed audit --gap-res
		"H3 resolution of gap cells": "缺口单元的 H3 分辨率",
		// walkshed audit --graph
		"prepared network file written by 'walkshed network --save' (starts in milliseconds)": "由 'walkshed network --save' 写出的预处理路网文件（毫秒级启动）",
		// walkshed audit --grid-name
		"property (GeoJSON) or column (GeoPackage) of --grids features that names a grid": "--grids 要素中给出网格名称的属性（GeoJSON）或列（GeoPackage）",
		// walkshed audit --grid-population
		"census counts per grid: CSV grid,population[,GROUP...]; residents are scaled so each grid adds up to its count": "各网格普查人数：CSV grid,population[,GROUP...]；居民按比例缩放，使每个网格合计等于其人数",
		// walkshed audit --grids
		"grids: GeoJSON polygons file, FILE.gpkg[:LAYER], or osm:admin_level=N (default: H3 resolution-8 cells; the sample uses osm:admin_level=10)": "网格：GeoJSON 多边形文件、FILE.gpkg[:LAYER] 或 osm:admin_level=N（默认：分辨率 8 的 H3 单元；样例使用 osm:admin_level=10）",
		// walkshed audit --group-profile
		"walking profile of a resident group, GROUP=PROFILE (e.g. elderly=elderly,disabled=wheelchair); other residents use --profile; the group must exist (names are case-sensitive)": "某一居民人群的步行配置，GROUP=PROFILE（如 elderly=elderly,disabled=wheelchair）；其他居民使用 --profile；该人群必须存在（名称区分大小写）",
		// walkshed audit --group-share
		"split every resident's people into groups, GROUP=SHARE (e.g. elderly=0.18,disabled=0.03); shares add up to at most 1": "将每位居民代表的人口分为人群，GROUP=SHARE（如 elderly=0.18,disabled=0.03）；比例之和至多为 1",
		// walkshed audit --k
		"nearest facilities to find per category": "每个类别要查找的最近设施数",
		// walkshed audit --max-snap
		"maximum distance in metres from a point to the street it is snapped to; farther points are unroutable": "点到其接入道路的最大距离（米）；更远的点无法接入路网",
		// walkshed audit --meters
		"walking budgets in metres instead of minutes (e.g. 800,1000 as in GB 50180-2018)": "以米计的步行预算，代替分钟（如 GB 50180-2018 中的 800,1000）",
		// walkshed audit --min-island
		"components with less street than this many metres are islands, kept out of snapping (0 or negative: none)": "道路总长不足此米数的连通分量为孤岛，不参与接入（0 或负数：无孤岛）",
		// walkshed audit --minutes
		"walking budgets in minutes, comma-separated": "以分钟计的步行预算，逗号分隔",
		// walkshed audit --no-area-crossing
		"walk pedestrian squares along their outline only, as OSRM does, instead of straight across between their entrances": "步行广场只沿边缘行走（同 OSRM），而不在入口之间直接穿越",
		// walkshed audit --osm
		"OpenStreetMap file (.osm.pbf or .osm)": "OpenStreetMap 文件（.osm.pbf 或 .osm）",
		// walkshed audit --out
		"write every format into this directory, replacing the set whole (other files are kept; a failed run changes nothing)": "将全部格式写入此目录，整体替换这组文件（其他文件保留；运行失败时不作任何改动）",
		// walkshed audit --population
		"people per H3 cell (resolution 6-10): CSV h3,population or a GeoPackage with h3 and population columns (Kontur Population); spread over the homes or residents of each cell": "每个 H3 单元的人口（分辨率 6-10）：CSV h3,population 或含 h3 与 population 列的 GeoPackage（Kontur Population）；分配到每个单元内的住宅或居民",
		// walkshed audit --profile
		"walking profile: standard (1.33 m/s), elderly (0.9 m/s), wheelchair (1.0 m/s, no steps or raised kerbs), custom:SPEED (m/s) or custom:SPEEDkmh": "步行配置：standard（1.33 米/秒）、elderly（0.9 米/秒）、wheelchair（1.0 米/秒，不走台阶和高路缘）、custom:SPEED（米/秒）或 custom:SPEEDkmh",
		// walkshed audit --remove-services
		"what-if: remove these services, by OSM id (node/123, way/45) or directory id (file.csv:p17 or p17), comma-separated, or a file of ids (one a line, or a CSV with an id column); an id that matches nothing is an error": "情景模拟：移除这些服务设施，按 OSM id（node/123、way/45）或名录 id（file.csv:p17 或 p17），逗号分隔，或给出 id 文件（每行一个，或含 id 列的 CSV）；匹配不到任何设施的 id 视为错误",
		// walkshed audit --residents
		"residents (CSV id,lon,lat[,weight][,group], GeoJSON points or FILE.gpkg[:LAYER]); default: estimated from OSM buildings": "居民（CSV id,lon,lat[,weight][,group]、GeoJSON 点或 FILE.gpkg[:LAYER]）；默认：由 OSM 建筑估算",
		// walkshed audit --scenario
		"name of the what-if, stamped in the report (default \"what-if\" when services are added or removed)": "情景名称，注明在报告中（增删服务设施时默认为 \"what-if\"）",
		// walkshed audit --services
		"community service directory (CSV id,name,category,lon,lat, GeoJSON points or FILE.gpkg[:LAYER])": "社区服务名录（CSV id,name,category,lon,lat、GeoJSON 点或 FILE.gpkg[:LAYER]）",
		// walkshed audit --services-only
		"use only --services, not OSM facilities": "只使用 --services，不用 OSM 设施",
		// walkshed audit --skip-bad-rows
		"list bad rows of --residents, --services, --population and --grid-population in the report instead of failing": "将 --residents、--services、--population 和 --grid-population 中的错误行列入报告，而不是报错退出",
		// walkshed audit --standard
		"planning standard giving each category its own budget: gb50180-2018, mofcom-2021, or a standard file (JSON); the report adds each category's share within its tier and the compliant share": "为每个类别设定各自预算的规划标准：gb50180-2018、mofcom-2021 或标准文件（JSON）；报告增加各类别在其层级内的占比和达标占比",
		// walkshed audit --table
		"table --format csv prints: residents (residents.csv), grids (grids.csv) or facilities (facilities.csv)": "--format csv 输出的表：residents（residents.csv）、grids（grids.csv）或 facilities（facilities.csv）",
		// walkshed audit --taxonomy
		"JSON taxonomy file that replaces or extends the default categories": "替换或扩展默认类别的 JSON 服务分类文件",
		// walkshed cards
		"Residents' cards: the nearest services of every category from each address, printable": "居民服务卡：从每个地址出发各类别最近的服务，可打印",
		// walkshed cards
		`Write one card per resident or address of --residents (CSV id,lon,lat or GeoJSON points):
per category, the --k nearest facilities within the walking budget with their name, OSM
address and opening hours where tagged, and the walking minutes and metres — the numbers
'walkshed nearest' gives at the same point.

--out DIR gets cards.csv (one line per resident × category × facility; every resident
appears, an address off the network with the reason) and cards.html, a printable page in the
look of the audit's report.html and the language of --lang: A4, eight cards a page to cut along
the dashed lines, on each a small map of the streets around the home with the nearest facility
of each category, a scale bar and a north arrow. Both are written at
once through a temporary folder, so a failed run leaves DIR as it was; other files in DIR
are kept, and neither may be an input.`: `为 --residents（CSV id,lon,lat 或 GeoJSON 点）中的每位居民或每个地址写一张卡片：
每个类别列出步行预算内最近的 --k 个设施，附名称、已标注的 OSM 地址与营业时间，
以及步行分钟数和米数——与 'walkshed nearest' 在同一点给出的数字相同。

--out DIR 得到 cards.csv（每位居民 × 类别 × 设施一行；每位居民都会出现，不在路网上的
地址附原因）和 cards.html，一个与审计 report.html 风格相同、语言随 --lang 的可打印页面：A4 纸，
每页八张卡片，沿虚线裁开，每张附一幅小地图，显示住所周边的道路和各类别最近的设施，
并有比例尺和指北针。两者经临时文件夹一次写入，运行失败时 DIR 保持原样；DIR 中的其他
文件保留，两者均不得是输入文件。`,
		// walkshed cards --categories
		"categories on the cards (default: all of the taxonomy)": "卡片上的类别（默认：服务分类中的全部类别）",
		// walkshed cards --k
		"facilities per category on a card": "卡片上每个类别的设施数",
		// walkshed cards --meters
		"walking budget in metres instead of minutes (e.g. 1000)": "以米计的步行预算，代替分钟（如 1000）",
		// walkshed cards --minutes
		"walking budget in minutes": "以分钟计的步行预算",
		// walkshed cards --out
		"directory to write cards.csv and cards.html to, replacing both at once (other files are kept; a failed run changes nothing)": "写出 cards.csv 和 cards.html 的目录，两者一次替换（其他文件保留；运行失败时不作任何改动）",
		// walkshed cards --residents
		"residents or addresses (CSV id,lon,lat or GeoJSON points)": "居民或地址（CSV id,lon,lat 或 GeoJSON 点）",
		// walkshed cards --services
		"community service directory (CSV id,name,category,lon,lat or GeoJSON points)": "社区服务名录（CSV id,name,category,lon,lat 或 GeoJSON 点）",
		// walkshed cards --skip-bad-rows
		"skip bad rows of the input files (listed on standard error) instead of failing": "跳过输入文件中的错误行（列在标准错误上），而不是报错退出",
		// walkshed categories
		"List the service categories and the OSM tag rules behind each": "列出服务类别及每类背后的 OSM 标签规则",
		// walkshed categories
		`List the service categories an audit uses, with the OpenStreetMap tag rules that make a
feature a facility of that category. --taxonomy FILE shows the result of a JSON taxonomy
that replaces or extends the default ({"mode": "extend"|"replace", "categories": [...]}).`: `列出评估所用的服务类别，以及使某一要素成为该类设施的 OpenStreetMap 标签规则。
--taxonomy FILE 显示替换或扩展默认分类的 JSON 服务分类的结果
（{"mode": "extend"|"replace", "categories": [...]}）。`,
		// walkshed categories --taxonomy
		"JSON taxonomy file that replaces or extends the default": "替换或扩展默认分类的 JSON 服务分类文件",
		// walkshed compare
		"What changed between two audits: people covered per grid and category, residents who gained or lost": "两次评估之间的变化：各网格、各类别覆盖的人口，得到或失去服务的居民",
		// walkshed compare
		`Compare two report.json files written by 'walkshed audit' (--out DIR or --format json):
typically the services as they are and a what-if (--add-services, --remove-services,
--scenario), or two OSM dates of the same city.

Per grid and category it gives the people covered before and after, the share and its
change in percentage points, and the residents (matched by id) who gained or lost the
category; the same for the "complete" share and, with a standard, the "compliant" share.

Reports whose budget, profile, categories, standard, grids or residents differ are refused,
naming the difference, unless --force; reports written by another walkshed version are
refused (run the audit again). -o FILE is replaced whole once the comparison is written (a
failed run leaves it as it was) and may not be either report.

--format html maps the change of each grid's complete share when the after report's folder
holds its audit.gpkg (as 'walkshed audit --out' writes it). --streets FILE draws the streets
of the network the audits ran on under that map: the .osm.pbf/.osm file or the prepared .wsn
('sample' for the embedded Monaco). Its OSM data timestamp must be the after report's, unless
--force.`: `对比由 'walkshed audit' 写出的两份 report.json（--out DIR 或 --format json）：
通常是现状服务与一个情景模拟（--add-services、--remove-services、--scenario），
或同一城市的两个 OSM 日期。

按网格和类别给出前后覆盖的人口、占比及其变化（百分点），以及得到或失去该类服务的
居民（按 id 匹配）；“全部可达”占比以及有标准时的“达标”占比亦然。

预算、步行配置、类别、标准、网格或居民不同的报告会被拒绝并指出差异，除非给出
--force；由其他 walkshed 版本写出的报告会被拒绝（请重新运行评估）。-o FILE 在对比
写完后整体替换（运行失败时保持原样），且不得是两份报告之一。

当“之后”报告所在文件夹中有其 audit.gpkg（'walkshed audit --out' 会写出）时，--format html
以地图显示各网格“全部可达”占比的变化。--streets FILE 在该地图下绘制评估所用路网的道路：
.osm.pbf/.osm 文件或预处理的 .wsn（'sample' 为内置的摩纳哥样例）。其 OSM 数据时间戳须与
“之后”报告相同，除非给出 --force。`,
		// walkshed compare --streets
		"draw the streets of this network under the HTML map: the OSM file or prepared .wsn the audits ran on, or 'sample'": "在 HTML 地图下绘制此路网的道路：评估所用的 OSM 文件或预处理 .wsn，或 'sample'",
		// walkshed compare --force
		"compare reports whose budget, profile, categories, standard, grids or residents differ (the differences are listed)": "对比预算、步行配置、类别、标准、网格或居民不同的报告（并列出差异）",
		// walkshed compare --format
		"output: table, markdown, csv, html, json": "输出：table、markdown、csv、html、json",
		// walkshed compare --output
		"write to this file instead of standard output": "写入此文件，而不是标准输出",
		// walkshed completion
		"Generate the autocompletion script for the specified shell": "为指定的 shell 生成自动补全脚本",
		// walkshed completion
		`Generate the autocompletion script for walkshed for the specified shell.
See each sub-command's help for details on how to use the generated script.
`: `为指定的 shell 生成 walkshed 的自动补全脚本。
生成的脚本如何使用，详见各子命令的帮助。
`,
		// walkshed completion bash
		"Generate the autocompletion script for bash": "为 bash 生成自动补全脚本",
		// walkshed completion bash
		`Generate the autocompletion script for the bash shell.

This script depends on the 'bash-completion' package.
If it is not installed already, you can install it via your OS's package manager.

To load completions in your current shell session:

	source <(walkshed completion bash)

To load completions for every new session, execute once:

#### Linux:

	walkshed completion bash > /etc/bash_completion.d/walkshed

#### macOS:

	walkshed completion bash > $(brew --prefix)/etc/bash_completion.d/walkshed

You will need to start a new shell for this setup to take effect.
`: `为 bash shell 生成自动补全脚本。

此脚本依赖 'bash-completion' 软件包。
如尚未安装，可通过操作系统的软件包管理器安装。

在当前 shell 会话中加载补全：

	source <(walkshed completion bash)

为以后每个新会话加载补全，执行一次：

#### Linux:

	walkshed completion bash > /etc/bash_completion.d/walkshed

#### macOS:

	walkshed completion bash > $(brew --prefix)/etc/bash_completion.d/walkshed

需要新开一个 shell，此设置才会生效。
`,
		// walkshed completion bash --no-descriptions
		"disable completion descriptions": "不显示补全说明",
		// walkshed completion fish
		"Generate the autocompletion script for fish": "为 fish 生成自动补全脚本",
		// walkshed completion fish
		`Generate the autocompletion script for the fish shell.

To load completions in your current shell session:

	walkshed completion fish | source

To load completions for every new session, execute once:

	walkshed completion fish > ~/.config/fish/completions/walkshed.fish

You will need to start a new shell for this setup to take effect.
`: `为 fish shell 生成自动补全脚本。

在当前 shell 会话中加载补全：

	walkshed completion fish | source

为以后每个新会话加载补全，执行一次：

	walkshed completion fish > ~/.config/fish/completions/walkshed.fish

需要新开一个 shell，此设置才会生效。
`,
		// walkshed completion powershell
		"Generate the autocompletion script for powershell": "为 powershell 生成自动补全脚本",
		// walkshed completion powershell
		`Generate the autocompletion script for powershell.

To load completions in your current shell session:

	walkshed completion powershell | Out-String | Invoke-Expression

To load completions for every new session, add the output of the above command
to your powershell profile.
`: `为 powershell 生成自动补全脚本。

在当前 shell 会话中加载补全：

	walkshed completion powershell | Out-String | Invoke-Expression

为以后每个新会话加载补全，将上述命令的输出加入
powershell 配置文件。
`,
		// walkshed completion zsh
		"Generate the autocompletion script for zsh": "为 zsh 生成自动补全脚本",
		// walkshed completion zsh
		`Generate the autocompletion script for the zsh shell.

If shell completion is not already enabled in your environment you will need
to enable it.  You can execute the following once:

	echo "autoload -U compinit; compinit" >> ~/.zshrc

To load completions in your current shell session:

	source <(walkshed completion zsh)

To load completions for every new session, execute once:

#### Linux:

	walkshed completion zsh > "${fpath[1]}/_walkshed"

#### macOS:

	walkshed completion zsh > $(brew --prefix)/share/zsh/site-functions/_walkshed

You will need to start a new shell for this setup to take effect.
`: `为 zsh shell 生成自动补全脚本。

如果环境中尚未启用 shell 补全，需要先启用。可执行一次：

	echo "autoload -U compinit; compinit" >> ~/.zshrc

在当前 shell 会话中加载补全：

	source <(walkshed completion zsh)

为以后每个新会话加载补全，执行一次：

#### Linux:

	walkshed completion zsh > "${fpath[1]}/_walkshed"

#### macOS:

	walkshed completion zsh > $(brew --prefix)/share/zsh/site-functions/_walkshed

需要新开一个 shell，此设置才会生效。
`,
		// walkshed emergency
		"Can a responder walk to any point of each grid within the budget? Worst case, shares, pass/fail, placement advice": "应急人员能否在预算内步行到达每个网格的任意一点？最坏情况、占比、达标与否、布点建议",
		// walkshed emergency
		`Check the response promise grid by grid: from the nearest responder that serves a grid, the
worst-case walk to any point of the grid's streets (every point along them, edges clipped to
the grid) and to any resident's door; where that worst point is and on which street; the
shares of street length and of people within the budget; pass or fail, with the reason.

For every failing grid, placement advice: the point of the network from which one responder
would reach all of the grid with the smallest worst case (the grid's absolute 1-centre,
proven within --tolerance metres), its worst case, and whether one responder can pass.

Responders come from --responders FILE (CSV id,lon,lat[,grid][,name] or GeoJSON points) or
from OSM tags (--responders osm:amenity=police,amenity=fire_station). A responder with a grid
value serves only that grid; without one it serves every grid and must stand inside one.
Responders off the network go to the ledger. Residents (for doors and the people share) come
from --residents FILE or are estimated from OSM buildings (--no-residents: streets only).

--format csv writes one row per grid: grid,responders,worst_minutes,worst_meters,worst_lon,
worst_lat,street_share,people_share,pass. geojson gives the street stretches beyond the budget
with their minutes; html a map. --format gpkg writes a GeoPackage for QGIS (layers grids with
the worst case, the promise and pass/fail, responders, residents, advice, beyond and
report_header). --out DIR writes every format, emergency.gpkg among them.
Map data © OpenStreetMap contributors (ODbL).`: `逐网格检查响应承诺：从服务该网格的最近应急人员出发，步行到网格内任意道路点
（沿道路的每一点，道路按网格裁切）和任意居民家门的最坏情况；最坏点在哪里、在哪条
街上；预算内的道路长度占比与人口占比；达标与否，并附原因。

对每个未达标的网格给出布点建议：路网上的一点，一名应急人员从此出发可以最小的最坏
情况到达整个网格（网格的绝对 1-中心，在 --tolerance 米内经证明最优），其最坏情况，
以及一名应急人员能否达标。

应急人员来自 --responders FILE（CSV id,lon,lat[,grid][,name] 或 GeoJSON 点），或来自
OSM 标签（--responders osm:amenity=police,amenity=fire_station）。带 grid 值的应急人员
只服务该网格；不带的服务每个网格，且须位于某个网格内。不在路网上的应急人员列入台账。
居民（用于家门和人口占比）来自 --residents FILE，或由 OSM 建筑估算（--no-residents：
只看道路）。

--format csv 每个网格写一行：grid,responders,worst_minutes,worst_meters,worst_lon,
worst_lat,street_share,people_share,pass。geojson 给出超出预算的路段及其分钟数；
html 给出地图。--format gpkg 写出供 QGIS 使用的 GeoPackage（图层 grids：最坏情况、
承诺与达标与否；以及 responders、residents、advice、beyond 和 report_header）。
--out DIR 写出全部格式，其中包括 emergency.gpkg。
地图数据 © OpenStreetMap contributors (ODbL)。`,
		// walkshed emergency --advice
		"advise where one responder would best stand in each failing grid": "建议每个未达标网格中一名应急人员的最佳站位",
		// walkshed emergency --grid-name
		"property of --grids features that names a grid": "--grids 要素中给出网格名称的属性",
		// walkshed emergency --grids
		"grids: GeoJSON polygons file, or osm:admin_level=N (default: H3 resolution-8 cells; the sample uses osm:admin_level=10)": "网格：GeoJSON 多边形文件或 osm:admin_level=N（默认：分辨率 8 的 H3 单元；样例使用 osm:admin_level=10）",
		// walkshed emergency --no-residents
		"look at streets only: no doors, no people share": "只看道路：不看家门，不计人口占比",
		// walkshed emergency --residents
		"residents (CSV id,lon,lat[,weight][,group] or GeoJSON points); default: estimated from OSM buildings": "居民（CSV id,lon,lat[,weight][,group] 或 GeoJSON 点）；默认：由 OSM 建筑估算",
		// walkshed emergency --responders
		"responders: CSV id,lon,lat[,grid][,name] or GeoJSON points, or osm:KEY=VALUE[,KEY=VALUE] (e.g. osm:amenity=police)": "应急人员：CSV id,lon,lat[,grid][,name] 或 GeoJSON 点，或 osm:KEY=VALUE[,KEY=VALUE]（如 osm:amenity=police）",
		// walkshed emergency --skip-bad-rows
		"list bad rows of --responders/--residents in the report instead of failing": "将 --responders/--residents 中的错误行列入报告，而不是报错退出",
		// walkshed emergency --tolerance
		"metres within which the advised point is proven optimal": "建议站位经证明为最优的误差范围（米）",
		// walkshed help
		"Help about any command": "任一命令的帮助",
		// walkshed help
		`Help provides help for any command in the application.
Simply type walkshed help [path to command] for full details.`: `help 提供本程序中任一命令的帮助。
输入 walkshed help [命令路径] 查看完整说明。`,
		// walkshed incidents
		"The incident log against the promise: per grid and month, reachable and on-time shares": "对照响应承诺检查事件记录：按网格和月份给出可达占比与准时占比",
		// walkshed incidents
		`Check an incident log against the response promise. Per grid and per month: the number of
incidents; the share a responder on duty then, serving the grid, reaches on foot within the
budget; and where arrival minutes are logged, the on-time share and the median arrival — the
"721 incidents, 95.2% on time" figure a community reports.

The log is --incidents FILE: CSV id,time,lon,lat[,grid][,arrival_minutes] with RFC 3339 times
(2024-03-10T14:05:00+01:00), or GeoJSON points; an incident counts in the month written. A
grid value puts an incident in that grid; otherwise its point decides. Responders are as for
'walkshed emergency', with optional from/to columns (dates or RFC 3339 times) bounding when
each is on duty. Incidents outside every grid or off the network go to the ledger.

--format gpkg writes a GeoPackage for QGIS: layers incidents (reachable, on time, or why not
counted), grids (all months together), rows (the CSV rows) and report_header. --out DIR
writes every format, incidents.gpkg among them.
Map data © OpenStreetMap contributors (ODbL).`: `对照响应承诺检查事件记录。按网格、按月份给出：事件数；当时在岗、服务该网格的
应急人员能在预算内步行到达的占比；记录了到达分钟数的，给出准时占比和到达时间中位数
——即社区上报的“721 起事件，95.2% 准时”这类数字。

记录为 --incidents FILE：CSV id,time,lon,lat[,grid][,arrival_minutes]，时间为 RFC 3339
格式（2024-03-10T14:05:00+01:00），或 GeoJSON 点；事件计入其记录时间所在的月份。
grid 值将事件归入该网格；否则按其位置确定。应急人员同 'walkshed emergency'，另可带
from/to 列（日期或 RFC 3339 时间）限定各自的在岗时段。不在任何网格内或不在路网上的
事件列入台账。

--format gpkg 写出供 QGIS 使用的 GeoPackage：图层 incidents（能否及时到达、是否准时，
或不计入的原因）、grids（全部月份合计）、rows（CSV 各行）和 report_header。--out DIR
写出全部格式，其中包括 incidents.gpkg。
地图数据 © OpenStreetMap contributors (ODbL)。`,
		// walkshed incidents --grids
		"grids: GeoJSON polygons file, or osm:admin_level=N (the sample uses osm:admin_level=10)": "网格：GeoJSON 多边形文件或 osm:admin_level=N（样例使用 osm:admin_level=10）",
		// walkshed incidents --incidents
		"incident log: CSV id,time,lon,lat[,grid][,arrival_minutes] or GeoJSON points": "事件记录：CSV id,time,lon,lat[,grid][,arrival_minutes] 或 GeoJSON 点",
		// walkshed incidents --responders
		"responders: CSV id,lon,lat[,grid][,name][,from][,to] or GeoJSON points, or osm:KEY=VALUE": "应急人员：CSV id,lon,lat[,grid][,name][,from][,to] 或 GeoJSON 点，或 osm:KEY=VALUE",
		// walkshed incidents --skip-bad-rows
		"list bad rows of --incidents/--responders in the report instead of failing": "将 --incidents/--responders 中的错误行列入报告，而不是报错退出",
		// walkshed isochrone
		"Walking isochrones as GeoJSON, GeoPackage or an HTML map: the area reached within each budget": "步行等时圈，输出 GeoJSON、GeoPackage 或 HTML 地图：每个预算内可到达的范围",
		// walkshed isochrone
		`Draw walking isochrones: one MultiPolygon per budget (holes kept), with properties minutes or
meters, profile, area_m2 and street_m (length of street reached). Several --at give the
union, e.g. all the pharmacies of a district. Contours nest (5 inside 10 inside 15).

Reached streets, the last one cut at the remaining time, are covered exactly by H3
cells (--res, default 11, about 25 m: every cell a reached street passes within 1 cm
of) and the cells are outlined.

--format gpkg writes a GeoPackage (layer isochrones) instead of GeoJSON; --format html
one self-contained page in the look of the audit's report.html: the streets, each budget's
isochrone as a layer to show or hide, the start points, legend, scale bar and north arrow,
the run (OSM data timestamp, profile, start points) and a table of the contours, in the
language of --lang. Without --format, -o FILE.html (or .htm) writes HTML and -o FILE.gpkg
a GeoPackage; anything else is GeoJSON.`: `绘制步行等时圈：每个预算一个 MultiPolygon（保留孔洞），属性为 minutes 或 meters、
profile、area_m2 和 street_m（可到达的道路长度）。多个 --at 给出并集，例如某一片区的
全部药店。等值线逐层嵌套（5 在 10 内，10 在 15 内）。

可到达的道路（最后一段按剩余时间截断）由 H3 单元精确覆盖（--res，默认 11，约 25 米：
可到达道路在 1 厘米内经过的每个单元），再勾勒出这些单元的轮廓。

--format gpkg 写出 GeoPackage（图层 isochrones），而不是 GeoJSON；--format html 写出
一个与审计 report.html 风格相同的独立页面：道路、每个预算的等时圈（可显示或隐藏的图层）、
起点、图例、比例尺和指北针、运行信息（OSM 数据时间戳、步行配置、起点）以及等时圈一览表，
语言随 --lang。未给 --format 时，-o FILE.html（或 .htm）写出 HTML，-o FILE.gpkg 写出
GeoPackage，其他均为 GeoJSON。`,
		// walkshed emergency, volunteers, incidents --format (with gpkg)
		"output format on standard output: table, csv, json, geojson, html, gpkg (GeoPackage for QGIS)": "标准输出的格式：table、csv、json、geojson、html、gpkg（供 QGIS 使用的 GeoPackage）",
		// walkshed isochrone --format (with html)
		"output format: geojson, gpkg (a GeoPackage with the layer isochrones, for QGIS) or html (a map page); default from -o's extension (.gpkg, .html), else geojson": "输出格式：geojson、gpkg（含 isochrones 图层的 GeoPackage，供 QGIS 使用）或 html（地图页面）；默认按 -o 的扩展名（.gpkg、.html）确定，否则为 geojson",
		// walkshed site --format (with gpkg)
		"output: table, csv, json, geojson, markdown, html, gpkg": "输出：table、csv、json、geojson、markdown、html、gpkg",
		// walkshed emergency, volunteers, incidents --out (with gpkg)
		"write every format into this directory (NAME.txt, .csv, .json, .geojson, .html, .gpkg)": "将全部格式写入此目录（NAME.txt、.csv、.json、.geojson、.html、.gpkg）",
		// walkshed isochrone --output (any format)
		"write to this file instead of standard output (replaced whole through a temporary file; not an input, pipe or link)": "写入此文件，而不是标准输出（经临时文件整体替换；不得是输入文件、管道或链接）",
		// walkshed isochrone --at
		"start point LON,LAT (repeat for a union)": "起点 LON,LAT（重复给出则取并集）",
		// walkshed isochrone --res
		"H3 resolution of the contour cells": "等值线单元的 H3 分辨率",
		// walkshed nearest
		"A resident's card: the nearest services of every category from one address": "居民服务卡：从一个地址出发各类别最近的服务",
		// walkshed nearest
		`Print, for one address, the nearest facilities of every service category within the
walking budget, with their walking minutes and metres: the card a community hands a new
resident. Without --osm or --graph it uses the bundled sample (Monaco).

Services come from OSM tags by the taxonomy and, with --services FILE, a community
directory (CSV id,name,category,lon,lat or GeoJSON points).`: `对一个地址，列出步行预算内每个服务类别最近的设施及其步行分钟数和米数：社区发给
新居民的那张卡片。不带 --osm 或 --graph 时使用内置样例（摩纳哥）。

服务设施来自按服务分类匹配的 OSM 标签，加上 --services FILE 给出的社区服务名录
（CSV id,name,category,lon,lat 或 GeoJSON 点）。`,
		// walkshed nearest --at
		"the address, LON,LAT": "地址，LON,LAT",
		// walkshed nearest --categories
		"categories to list (default: all of the taxonomy)": "要列出的类别（默认：服务分类中的全部类别）",
		// walkshed nearest --format
		"output: table or json": "输出：table 或 json",
		// walkshed nearest --k
		"facilities to list per category": "每个类别要列出的设施数",
		// walkshed nearest --services
		"community service directory added to the OSM services": "加入 OSM 服务设施的社区服务名录",
		// walkshed network
		"Build the walking network and print a summary; export or save it": "构建步行路网并输出摘要；导出或保存路网",
		// walkshed network
		`Build the pedestrian network of an OpenStreetMap file and print what was built: nodes,
edges, walkable kilometres, islands (small disconnected pieces, kept out of snapping), the
ways left out and why, and the build time.

--save writes a prepared network (.wsn: the graph, services, buildings and boundaries, each
a versioned and checksummed section) that every command opens with --graph in milliseconds
instead of reading OSM again. A .wsn from another walkshed format is refused, naming the
version or section: save it again. --geojson exports the edges with their flags for QGIS.`: `由 OpenStreetMap 文件构建步行路网并输出构建结果：节点、边、可步行公里数、孤岛
（不连通的小片路网，不参与接入）、未纳入的道路及原因，以及构建时间。

--save 写出预处理路网（.wsn：路网图、服务设施、建筑和边界，各为带版本与校验和的
分节），各命令用 --graph 以毫秒级打开，无需再读 OSM。其他 walkshed 格式的 .wsn 会被
拒绝并指出版本或分节：请重新保存。--geojson 将边及其标记导出供 QGIS 使用。`,
		// walkshed network --geojson
		"write the network's edges as GeoJSON to this file": "将路网的边以 GeoJSON 写入此文件",
		// walkshed network --save
		"save the built network to this prepared network file (.wsn)": "将构建好的路网保存到此预处理路网文件（.wsn）",
		// walkshed serve
		"Serve the HTTP JSON API: isochrones, nearest services, audits for other services": "提供 HTTP JSON API：等时圈、最近服务、评估，供其他服务调用",
		// walkshed serve
		`Serve walkshed's HTTP JSON API for other services. The city is opened once; every
request then answers in milliseconds. Without --osm or --graph it serves the bundled
sample (Monaco).

  GET  /healthz
  GET  /v1/info          network, OSM timestamp, categories with facility counts, profiles
  GET  /v1/categories    categories, descriptions and OSM tag rules
  GET  /v1/isochrone     ?at=LON,LAT&minutes=5,10,15[&profile=elderly&res=11]   (GeoJSON)
  GET  /v1/nearest       ?at=LON,LAT&category=pharmacy&k=3[&minutes=15&profile=elderly]
  GET  /v1/within        ?at=LON,LAT&minutes=15[&category=...]
  POST /v1/audit         {"residents":[{"id":"r1","lon":..,"lat":..}], "minutes":15, ...}
  POST /v1/site          {"residents":[...], "category":"pharmacy", "count":3, "candidates":"h3:10"}

  GET  /v1/openapi.json   the OpenAPI 3 description of all of the above

A request chooses the language of the texts for people in its answer with the parameter lang
(en or zh) or the header Accept-Language; the default is --lang (or WALKSHED_LANG).

Errors are {"error": "...", "parameter": "..."}: 400 bad parameter, 404, 405, 413 body too
large, 415 body not JSON, 422 point off the network (with to_network_m) or an answer over
the size limits, 503 when busy (with Retry-After) or past --timeout.

Work is bounded: a few isochrones and audits run at once and a few more wait (the rest
get 503), an isochrone answer has at most 500,000 H3 cells, any answer at most 256 MiB,
budgets at most 60 minutes and 5,000 metres (minutes × the profile's speed included), and
a request that takes longer than --timeout is answered 503 and abandoned. /v1/info lists
the limits. A --graph file is read into memory, so replacing or truncating it while
serving cannot harm the server.

One line per request is logged to standard error. The API has no authentication: it
listens on the loopback interface unless --addr says otherwise, and browsers let pages of
other origins call it only for the origins given with --cors. Interrupt (Ctrl-C) stops it
after the requests in flight (waiting up to --timeout plus 5 s).`: `为其他服务提供 walkshed 的 HTTP JSON API。城市只打开一次，此后每个请求都在毫秒级
应答。不带 --osm 或 --graph 时提供内置样例（摩纳哥）。

  GET  /healthz
  GET  /v1/info          路网、OSM 时间、各类别及其设施数、步行配置
  GET  /v1/categories    类别、说明与 OSM 标签规则
  GET  /v1/isochrone     ?at=LON,LAT&minutes=5,10,15[&profile=elderly&res=11]   (GeoJSON)
  GET  /v1/nearest       ?at=LON,LAT&category=pharmacy&k=3[&minutes=15&profile=elderly]
  GET  /v1/within        ?at=LON,LAT&minutes=15[&category=...]
  POST /v1/audit         {"residents":[{"id":"r1","lon":..,"lat":..}], "minutes":15, ...}
  POST /v1/site          {"residents":[...], "category":"pharmacy", "count":3, "candidates":"h3:10"}

  GET  /v1/openapi.json   以上全部接口的 OpenAPI 3 描述

每个请求可用 lang 参数（en 或 zh）或 Accept-Language 请求头选择应答文字的语言，
默认为 WALKSHED_LANG 或 --lang 所给的语言。

错误为 {"error": "...", "parameter": "..."}：400 参数错误、404、405、413 请求体过大、
415 请求体不是 JSON、422 点不在路网上（附 to_network_m）或应答超出大小限制、
503 服务繁忙（附 Retry-After）或超过 --timeout。

工作量有上限：同时只运行少量等时圈与评估，另有少量排队（其余得到 503）；一个等时圈
应答至多 500,000 个 H3 单元，任何应答至多 256 MiB；预算至多 60 分钟和 5,000 米
（含分钟数 × 步行配置的速度）；超过 --timeout 的请求应答 503 并被放弃。/v1/info 列出
这些上限。--graph 文件读入内存，因此服务期间替换或截断该文件不会影响服务器。

每个请求在标准错误上记录一行日志。API 没有身份验证：除非 --addr 另行指定，它只监听
本机回环接口；浏览器只允许 --cors 给出的来源的页面调用它。中断（Ctrl-C）会在处理完
进行中的请求后停止（至多等待 --timeout 加 5 秒）。`,
		// walkshed serve --addr
		"address to listen on, HOST:PORT (loopback by default; the API has no authentication)": "监听地址，HOST:PORT（默认为本机回环；API 没有身份验证）",
		// walkshed serve --cors
		"allow browser pages of this origin (scheme://host[:port], or * for any) to call the API, with CORS preflight answered; repeat for more (default: no CORS)": "允许此来源（scheme://host[:port]，或 * 表示任意来源）的浏览器页面调用 API，并应答 CORS 预检请求；重复给出可允许多个（默认：不允许 CORS）",
		// walkshed serve --max-residents
		"most residents one audit request may send": "一个评估请求最多可发送的居民数",
		// walkshed serve --profile
		"walking profile: standard (1.33 m/s), elderly (0.9 m/s), wheelchair (1.0 m/s, no steps or raised kerbs), custom:SPEED (m/s) or custom:SPEEDkmh, for requests that name none": "步行配置：standard（1.33 米/秒）、elderly（0.9 米/秒）、wheelchair（1.0 米/秒，不走台阶和高路缘）、custom:SPEED（米/秒）或 custom:SPEEDkmh，用于未指定步行配置的请求",
		// walkshed serve --services
		"community service directory added to the OSM services (CSV id,name,category,lon,lat or GeoJSON)": "加入 OSM 服务设施的社区服务名录（CSV id,name,category,lon,lat 或 GeoJSON）",
		// walkshed serve --timeout
		"longest time one request may take; longer ones are answered 503 and abandoned": "一个请求最长可用的时间；超时的请求应答 503 并被放弃",
		// walkshed site
		"Where N new facilities of a category would cover the most residents not yet covered": "某类设施新增 N 处，布在哪里能覆盖最多尚未覆盖的居民",
		// walkshed site
		`Propose sites for new facilities of one category: where N of them would bring the most
residents not yet covered within the walking budget (maximal covering location), keeping the
existing facilities; or, with --target 0.95, how many sites bring the covered share to 95 %
(set cover).

Candidates are H3 cells on the streets (--candidates h3:10, the default: cells of about
65 m across holding a street node within reach of someone not yet covered, each proposed
at its street point nearest the cell's centre) or the points of a file (--candidates FILE:
CSV id,lon,lat[,name] or GeoJSON points). Candidates of a file off the network are listed,
never used.

Sites are picked greedily, each covering the most people not yet covered; together they
cover at least 63.2 % (1 − 1/e) of what the best choice of as many sites would. Each
proposal gives its place, the people it gains by grid and by group, and the covered share
once it is added. --groups counts only residents of these groups.

Residents, services, grids and the what-if flags are those of 'walkshed audit'. -o FILE is
replaced whole once the siting is written (a failed run leaves it as it was) and may not be
one of the inputs.

--format gpkg writes a GeoPackage for QGIS: layers residents (every resident, covered before
and after, by which site, or why unroutable), facilities (the category's existing ones),
sites (the proposals by rank and gain) and report_header.`: `为某一类别的新设施推荐选址：保留现有设施，N 处新设施布在哪里能使步行预算内新覆盖的
居民最多（最大覆盖选址）；或用 --target 0.95，求需要多少处选址才能使覆盖占比达到 95 %
（集合覆盖）。

候选点为道路上的 H3 单元（--candidates h3:10，默认：直径约 65 米、含有某位未覆盖居民
可达的道路节点的单元，每个单元取离其中心最近的道路点），或文件中的点（--candidates
FILE：CSV id,lon,lat[,name] 或 GeoJSON 点）。文件中不在路网上的候选点会被列出，但不会
使用。

选址按贪心法逐个选取，每处覆盖最多尚未覆盖的人口；合计至少达到同样数量选址最优方案
覆盖量的 63.2 %（1 − 1/e）。每个推荐给出位置、按网格和人群新增覆盖的人口，以及加入
后的覆盖占比。--groups 只计这些人群的居民。

居民、服务设施、网格和情景模拟参数与 'walkshed audit' 相同。-o FILE 在选址结果写完后
整体替换（运行失败时保持原样），且不得是输入文件之一。

--format gpkg 写出供 QGIS 使用的 GeoPackage：图层 residents（每位居民，选址前后是否覆盖、
由哪处选址覆盖，或无法接入路网的原因）、facilities（该类别的现有设施）、sites（按序号与
新增覆盖列出的推荐选址）和 report_header。`,
		// walkshed site --candidates
		"candidate sites: h3:RES (H3 cells on the streets, each at its street point nearest the centre) or a file (CSV id,lon,lat[,name] or GeoJSON points)": "候选选址：h3:RES（道路上的 H3 单元，每个取离中心最近的道路点）或文件（CSV id,lon,lat[,name] 或 GeoJSON 点）",
		// walkshed site --category
		"category of the new facilities": "新设施的类别",
		// walkshed site --count
		"number of sites to propose (at least 1); with --target, the most to propose": "推荐的选址数（至少 1）；与 --target 同用时为推荐数的上限",
		// walkshed site --grids
		"grids the gains are broken down by: GeoJSON polygons file, or osm:admin_level=N (default: H3 resolution-8 cells; the sample uses osm:admin_level=10)": "细分新增覆盖所用的网格：GeoJSON 多边形文件或 osm:admin_level=N（默认：分辨率 8 的 H3 单元；样例使用 osm:admin_level=10）",
		// walkshed site --groups
		"count only residents of these groups (comma-separated)": "只计这些人群的居民（逗号分隔）",
		// walkshed site --skip-bad-rows
		"list bad rows of the input files in the report instead of failing": "将输入文件中的错误行列入报告，而不是报错退出",
		// walkshed site --target
		"propose sites until this share of the residents is covered (e.g. 0.95)": "持续推荐选址，直到居民的覆盖占比达到此值（如 0.95）",
		// walkshed volunteers
		"Is there a volunteer within the budget of every registered resident's door, and a backup?": "每位登记居民的家门在预算内是否有一名志愿者可达，是否有后备？",
		// walkshed volunteers
		`For each registered resident of the chosen groups, the walk from the nearest k volunteers to
the door (k = 2 shows who has a backup); per grid the share reached by one and by k volunteers
within the budget, and the residents nobody reaches, by id.

Volunteers come from --volunteers FILE: CSV id,lon,lat[,capacity][,grid][,profile] or GeoJSON
points. A volunteer with a grid value serves only that grid's residents; one with a profile
walks with it (a wheelchair user does not take steps). When volunteers carry a capacity (a
positive whole number of residents), residents are assigned to volunteers within the budget:
as many residents as possible, then the least total walking (an optimal min-cost flow), and
those left without are listed. Residents come from --residents FILE (CSV
id,lon,lat[,weight][,group] or GeoJSON points); each counts once, whatever its weight.

--format gpkg writes a GeoPackage for QGIS: layers residents (in the promise or not, the
nearest and assigned volunteer, why unroutable), volunteers, assignments (straight lines
from each resident to its nearest and assigned volunteers) and report_header. --out DIR
writes every format, volunteers.gpkg among them.
Map data © OpenStreetMap contributors (ODbL).`: `对所选人群中的每位登记居民，计算最近 k 名志愿者步行到其家门的路程（k = 2 可看出
谁有后备）；按网格给出预算内有一名和有 k 名志愿者可达的占比，以及无人可达的居民
（按 id）。

志愿者来自 --volunteers FILE：CSV id,lon,lat[,capacity][,grid][,profile] 或 GeoJSON 点。
带 grid 值的志愿者只服务该网格的居民；带 profile 的志愿者按其步行配置行走（轮椅使用者
不走台阶）。志愿者带有容量（可服务居民数，正整数）时，在预算内将居民分配给志愿者：
先使分配到的居民最多，再使总步行距离最短（最优最小费用流），未分配到的居民会被列出。
居民来自 --residents FILE（CSV id,lon,lat[,weight][,group] 或 GeoJSON 点）；无论权重
如何，每位居民只计一次。

--format gpkg 写出供 QGIS 使用的 GeoPackage：图层 residents（是否在承诺内、最近及分配的
志愿者、无法接入路网的原因）、volunteers、assignments（每位居民到其最近及分配志愿者的
直线）和 report_header。--out DIR 写出全部格式，其中包括 volunteers.gpkg。
地图数据 © OpenStreetMap contributors (ODbL)。`,
		// walkshed volunteers --grids
		"grids: GeoJSON polygons file, or osm:admin_level=N (default: H3 resolution-8 cells)": "网格：GeoJSON 多边形文件或 osm:admin_level=N（默认：分辨率 8 的 H3 单元）",
		// walkshed volunteers --groups
		"resident groups to look at (default: every resident)": "要查看的居民人群（默认：全部居民）",
		// walkshed volunteers --k
		"nearest volunteers to find per resident (2 shows who has a backup)": "每位居民要查找的最近志愿者数（2 可看出谁有后备）",
		// walkshed volunteers --profile
		"walking profile: standard (1.33 m/s), elderly (0.9 m/s), wheelchair (1.0 m/s, no steps or raised kerbs), custom:SPEED (m/s) or custom:SPEEDkmh; volunteers with a profile column walk with their own": "步行配置：standard（1.33 米/秒）、elderly（0.9 米/秒）、wheelchair（1.0 米/秒，不走台阶和高路缘）、custom:SPEED（米/秒）或 custom:SPEEDkmh；带 profile 列的志愿者按各自的配置行走",
		// walkshed volunteers --residents
		"registered residents: CSV id,lon,lat[,weight][,group] or GeoJSON points": "登记居民：CSV id,lon,lat[,weight][,group] 或 GeoJSON 点",
		// walkshed volunteers --skip-bad-rows
		"list bad rows of --volunteers/--residents in the report instead of failing": "将 --volunteers/--residents 中的错误行列入报告，而不是报错退出",
		// walkshed volunteers --volunteers
		"volunteers: CSV id,lon,lat[,capacity][,grid][,profile] or GeoJSON points": "志愿者：CSV id,lon,lat[,capacity][,grid][,profile] 或 GeoJSON 点",
	}
})
