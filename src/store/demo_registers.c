/* demo_registers.c — the registers of the demo (docs/DEMO.md, "Registers"): one per
 * plan, with realistic fields and records at the demo communes, and for each plan
 * indicators computed from its register by a formula. Deterministic: the records
 * are drawn from a fixed sequence. */
#include "store/demo_registers.h"
#include "core/clock.h"
#include "core/regschema.h"
#include "store/demo_data.h"
#include "store/registers.h"
#include "store/sqlbind.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct demo_regtype {
	const char *plan, *code, *name, *name_en, *fields, *derived;
} demo_regtype;

#define YN(n, vi, en) "{\"name\":\"" n "\",\"label\":\"" vi "\",\"label_en\":\"" en "\",\"type\":\"yesno\"}"

static const demo_regtype types[] = {
	{"DA-NHATRO", "boarding_house", "Sổ nhà trọ công nhân", "Workers' boarding houses",
	 "[{\"name\":\"owner\",\"label\":\"Chủ nhà trọ\",\"label_en\":\"Owner\",\"type\":\"text\",\"required\":true},"
	 "{\"name\":\"address\",\"label\":\"Địa chỉ\",\"label_en\":\"Address\",\"type\":\"text\",\"required\":true},"
	 "{\"name\":\"commune\",\"label\":\"Xã, phường, thị trấn\",\"label_en\":\"Commune\",\"type\":\"unit\"},"
	 "{\"name\":\"rooms\",\"label\":\"Số phòng\",\"label_en\":\"Rooms\",\"type\":\"integer\",\"required\":true,\"min\":1,\"max\":500},"
	 "{\"name\":\"residents\",\"label\":\"Số người ở\",\"label_en\":\"Residents\",\"type\":\"integer\",\"min\":0,\"max\":5000},"
	 "{\"name\":\"workers\",\"label\":\"Số công nhân\",\"label_en\":\"Workers\",\"type\":\"integer\",\"min\":0,\"max\":5000},"
	 YN("fire_equipment", "Có phương tiện phòng cháy, chữa cháy", "Fire equipment") ","
	 YN("residence_registered", "Đăng ký tạm trú đầy đủ", "Residence registered") ","
	 YN("hygiene", "Bảo đảm vệ sinh môi trường", "Hygiene") ","
	 YN("prices_posted", "Niêm yết giá thuê phòng", "Prices posted") ","
	 YN("tax_declared", "Kê khai, nộp thuế", "Tax declared") ","
	 YN("density_ok", "Mật độ xây dựng trong giới hạn", "Building density within limit") ","
	 YN("common_space", "Có không gian sinh hoạt chung", "Common space") ","
	 YN("camera", "Có camera an ninh", "Security camera") "]",
	 "[{\"name\":\"safe_civilised\",\"label\":\"An toàn, văn minh\",\"label_en\":\"Safe and civilised\","
	 "\"formula\":\"fire_equipment and residence_registered and hygiene and prices_posted and density_ok\"}]"},
	{"DA-RACTHAI", "waste_group", "Sổ phân loại rác theo thôn, tổ dân phố",
	 "Waste sorting by village",
	 "[{\"name\":\"group_name\",\"label\":\"Thôn, tổ dân phố\",\"label_en\":\"Village or residential group\",\"type\":\"text\",\"required\":true},"
	 "{\"name\":\"households\",\"label\":\"Số hộ\",\"label_en\":\"Households\",\"type\":\"integer\",\"required\":true,\"min\":0,\"max\":5000},"
	 "{\"name\":\"households_sorting\",\"label\":\"Số hộ phân loại rác tại nguồn\",\"label_en\":\"Households sorting\",\"type\":\"integer\",\"min\":0,\"max\":5000},"
	 YN("sorts_food", "Phân loại chất thải thực phẩm", "Food waste sorted") ","
	 YN("sorts_recyclable", "Phân loại chất thải rắn tái sử dụng, tái chế", "Recyclables sorted") ","
	 YN("sorts_other", "Phân loại chất thải rắn sinh hoạt khác", "Other waste sorted") ","
	 "{\"name\":\"collection\",\"label\":\"Cách thu gom\",\"label_en\":\"Collection\",\"type\":\"choice\",\"choices\":[\"Thu gom riêng từng loại\",\"Thu chung một xe\"]},"
	 YN("treatment_site", "Có điểm tập kết, xử lý", "Treatment site available") "]",
	 "[{\"name\":\"three_groups\",\"label\":\"Phân đủ 3 nhóm theo luật\",\"label_en\":\"All three legal groups\","
	 "\"formula\":\"sorts_food and sorts_recyclable and sorts_other\"}]"},
	{"DA-OCOP", "ocop_product", "Sổ sản phẩm OCOP", "OCOP products",
	 "[{\"name\":\"product\",\"label\":\"Sản phẩm\",\"label_en\":\"Product\",\"type\":\"text\",\"required\":true},"
	 "{\"name\":\"producer\",\"label\":\"Chủ thể sản xuất\",\"label_en\":\"Producer\",\"type\":\"text\",\"required\":true},"
	 "{\"name\":\"producer_kind\",\"label\":\"Loại chủ thể\",\"label_en\":\"Producer kind\",\"type\":\"choice\",\"choices\":[\"Hợp tác xã\",\"Tổ hợp tác\",\"Doanh nghiệp\",\"Hộ sản xuất\"]},"
	 "{\"name\":\"product_group\",\"label\":\"Nhóm sản phẩm\",\"label_en\":\"Product group\",\"type\":\"choice\",\"choices\":[\"Thực phẩm\",\"Đồ uống\",\"Dược liệu\",\"Thủ công mỹ nghệ\",\"Sinh vật cảnh\",\"Dịch vụ du lịch nông thôn\"]},"
	 "{\"name\":\"score\",\"label\":\"Điểm đánh giá\",\"label_en\":\"Score\",\"type\":\"integer\",\"min\":0,\"max\":100},"
	 "{\"name\":\"stars\",\"label\":\"Số sao\",\"label_en\":\"Stars\",\"type\":\"integer\",\"required\":true,\"min\":3,\"max\":5},"
	 "{\"name\":\"level\",\"label\":\"Cấp công nhận\",\"label_en\":\"Recognised by\",\"type\":\"choice\",\"choices\":[\"Huyện\",\"Tỉnh\",\"Trung ương\"]},"
	 "{\"name\":\"certified_on\",\"label\":\"Ngày cấp giấy chứng nhận\",\"label_en\":\"Certified on\",\"type\":\"date\"},"
	 "{\"name\":\"expires_on\",\"label\":\"Ngày hết hạn (36 tháng)\",\"label_en\":\"Expires on (36 months)\",\"type\":\"date\"},"
	 YN("value_chain", "Liên kết chuỗi giá trị", "Value-chain link") "]",
	 "[{\"name\":\"four_stars\",\"label\":\"Đạt 4 sao trở lên\",\"label_en\":\"Four stars or more\",\"formula\":\"stars >= 4\"}]"},
	{"DA-CCB-ANTT", "security_team", "Sổ tổ tự quản an ninh, trật tự (Cựu chiến binh)",
	 "Self-managed security teams (veterans)",
	 "[{\"name\":\"team\",\"label\":\"Tên tổ\",\"label_en\":\"Team\",\"type\":\"text\",\"required\":true},"
	 "{\"name\":\"area\",\"label\":\"Địa bàn\",\"label_en\":\"Area\",\"type\":\"text\"},"
	 "{\"name\":\"members\",\"label\":\"Số thành viên\",\"label_en\":\"Members\",\"type\":\"integer\",\"required\":true,\"min\":1,\"max\":200},"
	 "{\"name\":\"veteran_members\",\"label\":\"Số hội viên Cựu chiến binh\",\"label_en\":\"Veteran members\",\"type\":\"integer\",\"min\":0,\"max\":200},"
	 "{\"name\":\"incidents_handled\",\"label\":\"Số vụ việc đã giải quyết\",\"label_en\":\"Incidents handled\",\"type\":\"integer\",\"min\":0,\"max\":10000},"
	 "{\"name\":\"rating\",\"label\":\"Xếp loại\",\"label_en\":\"Rating\",\"type\":\"choice\",\"choices\":[\"Tốt\",\"Khá\",\"Trung bình\"]}]",
	 "[]"},
	{"DA-NANGLUCSO", "youth_digital", "Sổ bồi dưỡng năng lực số cho thanh niên",
	 "Youth digital capacity",
	 "[{\"name\":\"course\",\"label\":\"Lớp, khóa bồi dưỡng\",\"label_en\":\"Course\",\"type\":\"text\",\"required\":true},"
	 "{\"name\":\"held_on\",\"label\":\"Ngày tổ chức\",\"label_en\":\"Held on\",\"type\":\"date\"},"
	 "{\"name\":\"participants\",\"label\":\"Số thanh niên tham gia\",\"label_en\":\"Participants\",\"type\":\"integer\",\"required\":true,\"min\":0,\"max\":5000},"
	 "{\"name\":\"skills\",\"label\":\"Kỹ năng\",\"label_en\":\"Skills\",\"type\":\"choice\",\"choices\":[\"Kỹ năng số cơ bản\",\"Thương mại điện tử\",\"Chuyển đổi số trong sản xuất\",\"An toàn thông tin\"]},"
	 YN("digital_team", "Đã thành lập Tổ công nghệ số cộng đồng thanh niên", "Youth digital team formed") ","
	 "{\"name\":\"team_members\",\"label\":\"Số thành viên tổ công nghệ số\",\"label_en\":\"Digital team members\",\"type\":\"integer\",\"min\":0,\"max\":500}]",
	 "[]"},
	{"KH-MTTQ-DDK", "residential_area", "Sổ khu dân cư (Ban công tác Mặt trận)",
	 "Residential areas (Front work committees)",
	 "[{\"name\":\"area\",\"label\":\"Khu dân cư\",\"label_en\":\"Residential area\",\"type\":\"text\",\"required\":true},"
	 "{\"name\":\"households\",\"label\":\"Số hộ\",\"label_en\":\"Households\",\"type\":\"integer\",\"min\":0,\"max\":5000},"
	 YN("festival_held", "Đã tổ chức Ngày hội Đại đoàn kết", "Great-unity festival held") ","
	 "{\"name\":\"festival_on\",\"label\":\"Ngày tổ chức Ngày hội\",\"label_en\":\"Festival date\",\"type\":\"date\"},"
	 "{\"name\":\"cultural_rating\",\"label\":\"Danh hiệu khu dân cư văn hóa\",\"label_en\":\"Cultural residential area\",\"type\":\"choice\",\"choices\":[\"Đạt\",\"Chưa đạt\"]},"
	 "{\"name\":\"self_management_models\",\"label\":\"Số mô hình tự quản\",\"label_en\":\"Self-management models\",\"type\":\"integer\",\"min\":0,\"max\":100}]",
	 "[]"},
};

/* Computed indicators: plan, code, name, unit label, frequency, formula. */
static const struct {
	const char *plan, *code, *name, *unit_label, *frequency, *formula;
} computed[] = {
	{"DA-NHATRO", "NT08", "Số nhà trọ đạt “an toàn, văn minh” theo sổ nhà trọ", "nhà trọ",
	 "quarter", "count(boarding_house where safe_civilised)"},
	{"DA-NHATRO", "NT09", "Số nhà trọ niêm yết giá và kê khai thuế theo sổ nhà trọ", "nhà trọ",
	 "quarter", "count(boarding_house where prices_posted and tax_declared)"},
	{"DA-RACTHAI", "RT08", "Số hộ phân loại rác tại nguồn theo sổ thôn, tổ dân phố", "hộ",
	 "quarter", "sum(waste_group.households_sorting)"},
	{"DA-OCOP", "OC08", "Số sản phẩm OCOP đạt 4 sao trở lên theo sổ OCOP", "sản phẩm", "year",
	 "count(ocop_product where stars >= 4)"},
	{"DA-CCB-ANTT", "AT08", "Số hội viên Cựu chiến binh trong tổ tự quản ANTT theo sổ",
	 "người", "quarter", "sum(security_team.veteran_members)"},
	{"DA-NANGLUCSO", "NS08", "Số thanh niên được bồi dưỡng kỹ năng số theo sổ", "người",
	 "quarter", "sum(youth_digital.participants)"},
	{"KH-MTTQ-DDK", "DDK08", "Số khu dân cư đã tổ chức Ngày hội Đại đoàn kết theo sổ",
	 "khu dân cư", "year", "count(residential_area where festival_held)"},
};

static const char *const villages[] = {"Đông", "Tây", "Chùa", "Bến", "Trại", "Giữa",
				       "Mới", "Hạ",  "Thượng", "Phố", "Cầu", "Đình"};
static const char *const products[] = {
	"Vải thiều sấy khô", "Gà đồi Yên Thế", "Mỳ Chũ", "Rượu làng Vân", "Bánh đa Kế",
	"Chè Bản Ven", "Mật ong rừng", "Nhãn lồng sấy", "Tương Đa Mai", "Gạo nếp cái hoa vàng",
	"Miến dong", "Nấm sò sạch", "Trà hoa vàng", "Tinh dầu sả"};
static const char *const coops[] = {"HTX Nông nghiệp", "HTX Dịch vụ", "Tổ hợp tác",
				    "Công ty TNHH", "Hộ kinh doanh"};
static const char *const kinds[] = {"Hợp tác xã", "Hợp tác xã", "Tổ hợp tác", "Doanh nghiệp",
				    "Hộ sản xuất"};
static const char *const groups[] = {"Thực phẩm", "Đồ uống", "Dược liệu", "Thủ công mỹ nghệ",
				     "Sinh vật cảnh", "Dịch vụ du lịch nông thôn"};
static const char *const skills[] = {"Kỹ năng số cơ bản", "Thương mại điện tử",
				     "Chuyển đổi số trong sản xuất", "An toàn thông tin"};

typedef struct gen {
	db *d;
	uint64_t state;
	char *err;
	size_t errlen;
	int types, records, indicators;
} gen;

static unsigned draw(gen *g, unsigned n)
{
	g->state = g->state * 6364136223846793005ULL + 1442695040888963407ULL;
	return n ? (unsigned)((g->state >> 33) % n) : 0;
}

static tderr fail(gen *g, tderr e, const char *what)
{
	snprintf(g->err, g->errlen, "demo registers: %s: %s", what, db_errmsg(g->d));
	return e ? e : TD_EINTERNAL;
}

static const char *SQL_PLAN_ID = "SELECT id FROM plans WHERE code = ?";

static tderr plan_id(gen *g, const char *code, int64_t *id)
{
	db_stmt *s = db_prepare(g->d, SQL_PLAN_ID);
	if (!s)
		return fail(g, TD_EINTERNAL, code);
	db_bind_text(s, 1, code);
	tderr e = store_one_int(s, id);
	return e ? fail(g, e, code) : TD_OK;
}

static void person(gen *g, char *buf, size_t n)
{
	int female = (int)draw(g, 2);
	snprintf(buf, n, "%s %s %s", demo_family_names[draw(g, (unsigned)demo_family_names_count)],
		 female ? demo_female_middle[draw(g, (unsigned)demo_female_middle_count)]
			: demo_male_middle[draw(g, (unsigned)demo_male_middle_count)],
		 female ? demo_female_given[draw(g, (unsigned)demo_female_given_count)]
			: demo_male_given[draw(g, (unsigned)demo_male_given_count)]);
}

static json_t *boarding_house(gen *g, const char *commune, int k)
{
	char owner[96], addr[96];
	person(g, owner, sizeof owner);
	snprintf(addr, sizeof addr, "Số %u, thôn %s", 10 + draw(g, 190), villages[(k + draw(g, 3)) % 12]);
	int rooms = 6 + (int)draw(g, 30), residents = rooms * 2 + (int)draw(g, rooms + 1);
	int good = draw(g, 10) < 6; /* most follow the checklist */
	return json_pack("{s:s,s:s,s:s,s:i,s:i,s:i,s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b}", "owner", owner,
			 "address", addr, "commune", commune, "rooms", rooms, "residents", residents,
			 "workers", residents - (int)draw(g, 4), "fire_equipment",
			 good || draw(g, 2), "residence_registered", good || draw(g, 3) == 0,
			 "hygiene", good || draw(g, 2), "prices_posted", good || draw(g, 2),
			 "tax_declared", draw(g, 10) < 7, "density_ok", good || draw(g, 4) != 0,
			 "common_space", draw(g, 2), "camera", draw(g, 3) != 0);
}

static json_t *waste_group(gen *g, int k)
{
	char name[64];
	snprintf(name, sizeof name, "Thôn %s", villages[k % 12]);
	int hh = 80 + (int)draw(g, 220), sorting = hh * (40 + (int)draw(g, 60)) / 100;
	int all = draw(g, 3) != 0;
	return json_pack("{s:s,s:i,s:i,s:b,s:b,s:b,s:s,s:b}", "group_name", name, "households", hh,
			 "households_sorting", sorting, "sorts_food", 1, "sorts_recyclable",
			 all || draw(g, 2), "sorts_other", all, "collection",
			 draw(g, 2) ? "Thu gom riêng từng loại" : "Thu chung một xe",
			 "treatment_site", draw(g, 4) != 0);
}

static json_t *ocop_product(gen *g, int k)
{
	char producer[128], on[16], until[16];
	unsigned p = (unsigned)(k + draw(g, 14)) % 14;
	person(g, producer + 64, 64);
	snprintf(producer, 64, "%s %s", coops[p % 5], villages[draw(g, 12)]);
	int year = 2021 + (int)draw(g, 4), month = 1 + (int)draw(g, 12), day = 1 + (int)draw(g, 28);
	snprintf(on, sizeof on, "%04d-%02d-%02d", year, month, day);
	snprintf(until, sizeof until, "%04d-%02d-%02d", year + 3, month, day);
	int score = 50 + (int)draw(g, 45);
	int stars = score >= 90 ? 5 : score >= 70 ? 4 : 3;
	return json_pack("{s:s,s:s,s:s,s:s,s:i,s:i,s:s,s:s,s:s,s:b}", "product", products[p],
			 "producer", producer, "producer_kind", kinds[p % 5], "product_group",
			 groups[p % 6], "score", score, "stars", stars, "level",
			 stars == 5 ? "Trung ương" : stars == 4 ? "Tỉnh" : "Huyện", "certified_on", on,
			 "expires_on", until, "value_chain", draw(g, 3) != 0);
}

static json_t *security_team(gen *g, int k)
{
	char team[64], area[64];
	snprintf(team, sizeof team, "Tổ tự quản ANTT thôn %s", villages[k % 12]);
	snprintf(area, sizeof area, "Thôn %s", villages[k % 12]);
	int members = 5 + (int)draw(g, 8);
	static const char *const ratings[] = {"Tốt", "Tốt", "Khá", "Trung bình"};
	return json_pack("{s:s,s:s,s:i,s:i,s:i,s:s}", "team", team, "area", area, "members",
			 members, "veteran_members", 2 + (int)draw(g, (unsigned)members - 2),
			 "incidents_handled", (int)draw(g, 12), "rating", ratings[draw(g, 4)]);
}

static json_t *youth_digital(gen *g, int k)
{
	char course[96], on[16];
	const char *skill = skills[(k + draw(g, 4)) % 4];
	snprintf(course, sizeof course, "Lớp %s cho đoàn viên, thanh niên đợt %d", skill, k + 1);
	snprintf(on, sizeof on, "2024-%02u-%02u", 3 + draw(g, 9), 1 + draw(g, 28));
	int team = (int)draw(g, 2);
	return json_pack("{s:s,s:s,s:i,s:s,s:b,s:i}", "course", course, "held_on", on,
			 "participants", 20 + (int)draw(g, 60), "skills", skill, "digital_team",
			 team, "team_members", team ? 5 + (int)draw(g, 10) : 0);
}

static json_t *residential_area(gen *g, int k)
{
	char area[64], on[16];
	snprintf(area, sizeof area, "Khu dân cư thôn %s", villages[k % 12]);
	int held = draw(g, 5) != 0;
	snprintf(on, sizeof on, "2024-11-%02u", 10 + draw(g, 9));
	json_t *o = json_pack("{s:s,s:i,s:b,s:s,s:i}", "area", area, "households",
			      90 + (int)draw(g, 250), "festival_held", held, "cultural_rating",
			      draw(g, 5) ? "Đạt" : "Chưa đạt", "self_management_models",
			      (int)draw(g, 4));
	if (held)
		json_object_set_new(o, "festival_on", json_string(on));
	return o;
}

static json_t *record_for(gen *g, size_t type, const char *commune, int k)
{
	switch (type) {
	case 0: return boarding_house(g, commune, k);
	case 1: return waste_group(g, k);
	case 2: return ocop_product(g, k);
	case 3: return security_team(g, k);
	case 4: return youth_digital(g, k);
	default: return residential_area(g, k);
	}
}

/* Records of one type at one commune: how many. */
static int how_many(gen *g, size_t type)
{
	static const int base[] = {3, 4, 1, 2, 1, 4};
	return base[type] + (int)draw(g, 3);
}

static tderr seed_type(gen *g, size_t t)
{
	const demo_regtype *dt = &types[t];
	regtype_input in = {.code = dt->code, .name = dt->name, .name_en = dt->name_en};
	tderr e = plan_id(g, dt->plan, &in.plan_id);
	if (e)
		return e;
	json_t *raw_f = json_loads(dt->fields, 0, NULL), *raw_d = json_loads(dt->derived, 0, NULL);
	json_t *fields = NULL, *derived = NULL;
	reg_fail f;
	memset(&f, 0, sizeof f);
	e = regschema_check(raw_f, raw_d, &fields, &derived, &f);
	json_decref(raw_f);
	json_decref(raw_d);
	if (e) {
		snprintf(g->err, g->errlen, "demo registers: %s: %s (%s)", dt->code, f.message, f.field);
		return TD_EINTERNAL;
	}
	in.fields = fields;
	in.derived = derived;
	int64_t type_id = 0;
	if ((e = regtypes_create(g->d, &in, &type_id))) {
		json_decref(fields);
		json_decref(derived);
		return fail(g, e, dt->code);
	}
	g->types++;
	for (size_t c = 0; !e && c < demo_communes_count; c++) {
		int64_t uid;
		char path[UNIT_PATH_MAX];
		if ((e = units_lookup(g->d, demo_communes[c], &uid, path))) {
			fail(g, e, demo_communes[c]);
			break;
		}
		int n = how_many(g, t);
		for (int k = 0; !e && k < n; k++) {
			json_t *raw = record_for(g, t, demo_communes[c], k), *clean = NULL;
			if (!raw || regschema_check_record(fields, raw, &clean, &f)) {
				snprintf(g->err, g->errlen, "demo registers: %s record: %s (%s)",
					 dt->code, f.message, f.field);
				e = TD_EINTERNAL;
			} else {
				regrec_input ri = {.type_id = type_id, .unit_id = uid, .schema_version = 1,
						   .data = clean, .fields = fields};
				int64_t id;
				if ((e = regrecs_create(g->d, &ri, &id)))
					fail(g, e, "record");
				else
					g->records++;
			}
			json_decref(raw);
			json_decref(clean);
		}
	}
	json_decref(fields);
	json_decref(derived);
	return e;
}

static const char *SQL_COMPUTED_INSERT =
	"INSERT INTO indicators(plan_id, objective_id, code, name, unit_label, value_type,"
	" time_agg, unit_agg, numerator_id, denominator_id, direction, frequency, decimals,"
	" min_value, max_value, formula, position, version, created_at, updated_at)"
	" VALUES (?, NULL, ?, ?, ?, 'integer', 'last', 'sum', NULL, NULL, 'up', ?, 0, 0, NULL, ?,"
	" ?, 1, ?, ?)";

static tderr seed_computed(gen *g, const char *now)
{
	for (size_t i = 0; i < sizeof computed / sizeof computed[0]; i++) {
		int64_t plan;
		tderr e = plan_id(g, computed[i].plan, &plan);
		if (e)
			return e;
		db_stmt *s = db_prepare(g->d, SQL_COMPUTED_INSERT);
		if (!s)
			return fail(g, TD_EINTERNAL, computed[i].code);
		sqlbind b = sb_start(s);
		sb_int(&b, plan);
		sb_text(&b, computed[i].code);
		sb_text(&b, computed[i].name);
		sb_text(&b, computed[i].unit_label);
		sb_text(&b, computed[i].frequency);
		sb_text(&b, computed[i].formula);
		sb_int(&b, 100 + (int64_t)i);
		sb_text(&b, now);
		sb_text(&b, now);
		if ((e = store_exec(s)))
			return fail(g, e, computed[i].code);
		g->indicators++;
	}
	return TD_OK;
}

tderr demo_registers_seed(db *d, char *err, size_t errlen)
{
	gen g = {.d = d, .state = 20250701u, .err = err, .errlen = errlen};
	tderr e = TD_OK;
	for (size_t t = 0; !e && t < sizeof types / sizeof types[0]; t++)
		e = seed_type(&g, t);
	char now[32];
	clock_iso(now, sizeof now);
	if (!e)
		e = seed_computed(&g, now);
	if (e)
		return e;
	json_t *after = json_pack("{s:i,s:i,s:i}", "register_types", g.types, "records", g.records,
				  "computed_indicators", g.indicators);
	e = store_audit(d, NULL, NULL, "demo", 0, "seed_registers", NULL, after);
	json_decref(after);
	return e ? fail(&g, e, "audit") : TD_OK;
}
