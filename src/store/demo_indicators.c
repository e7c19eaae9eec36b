/* demo_indicators.c — what the demo's reports are made of (docs/DEMO.md,
 * "Indicators and reports"): the indicators of the six plans with the pace each
 * unit keeps, the texts of the reports (the complaints of the 2023 conference:
 * budget allocated late at the grassroots, prices not posted, waste sorted but
 * collected in one truck, no landfill or incinerator, few digital applications),
 * the revised targets, the usernames of the leaders who approve; then the numbers
 * made from them: indicator rows, targets, and each report's values. */
#include "store/demo_reports.h"
#include "core/workflow.h"
#include "store/store.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* code, name, unit label, value type, time_agg, direction, frequency, objective,
 * shape, of, den, start, final, province share, bias */

static const demo_indicator ddk[] = {
	{"DDK01", "Số khu dân cư đạt danh hiệu “Khu dân cư văn hóa”", "khu dân cư", "integer",
	 "last", "up", "year", 2, DEMO_SHARE, "DDK02", NULL, 0.84, 0.92, 0, 1},
	{"DDK02", "Tổng số khu dân cư (thôn, tổ dân phố)", "khu dân cư", "integer", "last", "up",
	 "year", 2, DEMO_BASE, NULL, NULL, 10.6, 10.4, 0, 1},
	{"DDK03", "Tỷ lệ khu dân cư đạt danh hiệu “Khu dân cư văn hóa”", "%", "percent", "last",
	 "up", "year", 2, DEMO_RATIO, "DDK01", "DDK02", 0, 0, 0, 1},
	{"DDK04", "Số cuộc giám sát chuyên đề do Mặt trận tổ chức", "cuộc", "integer", "sum", "up",
	 "quarter", 3, DEMO_PATH, NULL, NULL, 2, 2.5, 1, 1},
	{"DDK05", "Số nhà Đại đoàn kết được xây mới, sửa chữa", "nhà", "integer", "sum", "up",
	 "quarter", 4, DEMO_PATH, NULL, NULL, 2.5, 3.2, 0, 1},
	{"DDK06", "Số tiền vận động Quỹ “Vì người nghèo”", "triệu đồng", "decimal", "sum", "up",
	 "month", 4, DEMO_PATH, NULL, NULL, 110, 150, 25, 1},
	{"DDK07",
	 "Số lượt người tham gia các hoạt động hưởng ứng Cuộc vận động “Toàn dân đoàn kết xây "
	 "dựng nông thôn mới, đô thị văn minh”",
	 "lượt người", "integer", "sum", "up", "month", 2, DEMO_PATH, NULL, NULL, 1800, 2400, 0.3,
	 1},
};

static const demo_indicator nt[] = {
	{"NT01", "Tổng số nhà trọ công nhân được đăng ký, quản lý", "nhà trọ", "integer", "last",
	 "up", "quarter", 1, DEMO_BASE, NULL, NULL, 24, 30, 0, 1},
	{"NT02", "Số nhà trọ đạt tiêu chí “an toàn, văn minh”", "nhà trọ", "integer", "last", "up",
	 "quarter", 2, DEMO_SHARE, "NT01", NULL, 0.32, 0.82, 0, 1.2},
	{"NT03", "Tỷ lệ nhà trọ đạt chuẩn an toàn, văn minh", "%", "percent", "last", "up",
	 "quarter", 2, DEMO_RATIO, "NT02", "NT01", 0, 0, 0, 1},
	{"NT04", "Số nhà trọ niêm yết công khai giá thuê phòng", "nhà trọ", "integer", "last", "up",
	 "quarter", 1, DEMO_SHARE, "NT01", NULL, 0.45, 1.0, 0, 1.05},
	{"NT05", "Số chủ nhà trọ kê khai, nộp thuế theo quy định", "nhà trọ", "integer", "last",
	 "up", "quarter", 1, DEMO_SHARE, "NT01", NULL, 0.30, 0.90, 0, 0.65},
	{"NT06", "Số khu nhà trọ được công nhận mô hình “Nhà trọ công nhân an toàn, văn minh”",
	 "mô hình", "integer", "last", "up", "quarter", 3, DEMO_PATH, NULL, NULL, 0.02, 0.12, 0, 1},
	{"NT07", "Số lượt công nhân thuê trọ được tuyên truyền, thăm hỏi, hỗ trợ", "lượt người",
	 "integer", "sum", "up", "month", 0, DEMO_PATH, NULL, NULL, 280, 420, 0, 1},
};

static const demo_indicator rt[] = {
	{"RT01", "Số buổi tuyên truyền, hướng dẫn phân loại rác thải sinh hoạt tại nguồn", "buổi",
	 "integer", "sum", "up", "month", 1, DEMO_PATH, NULL, NULL, 14, 18, 1.5, 1},
	{"RT02", "Số lượt hội viên, phụ nữ tham gia tuyên truyền", "lượt người", "integer", "sum",
	 "up", "month", 1, DEMO_PATH, NULL, NULL, 600, 820, 1, 1},
	{"RT03", "Số hộ thực hiện phân loại rác tại nguồn", "hộ", "integer", "last", "up", "month",
	 2, DEMO_SHARE, "RT04", NULL, 0.12, 0.75, 0, 1},
	{"RT04", "Tổng số hộ gia đình hội viên", "hộ", "integer", "last", "up", "month", 2,
	 DEMO_BASE, NULL, NULL, 1450, 1510, 0, 1},
	{"RT05", "Tỷ lệ hộ phân loại rác tại nguồn", "%", "percent", "last", "up", "month", 2,
	 DEMO_RATIO, "RT03", "RT04", 0, 0, 0, 1},
	{"RT06", "Số mô hình thu gom, phân loại rác thải đang hoạt động", "mô hình", "integer",
	 "last", "up", "quarter", 3, DEMO_PATH, NULL, NULL, 0.3, 1.5, 0, 1},
	{"RT07", "Số hội viên ký cam kết không sử dụng túi ni lông, đồ nhựa dùng một lần",
	 "hội viên", "integer", "last", "up", "quarter", 4, DEMO_PATH, NULL, NULL, 150, 900, 0, 1},
};

static const demo_indicator oc[] = {
	{"OC01", "Số tổ hợp tác thành lập mới do Hội Nông dân vận động, hướng dẫn", "tổ",
	 "integer", "sum", "up", "quarter", 1, DEMO_PATH, NULL, NULL, 0.10, 0.12, 0, 1},
	{"OC02", "Số sản phẩm OCOP của hội viên còn hiệu lực (từ 3 sao)", "sản phẩm", "integer",
	 "last", "up", "quarter", 2, DEMO_PATH, NULL, NULL, 0.05, 0.20, 0, 1},
	{"OC03", "Số sản phẩm OCOP được đưa lên sàn thương mại điện tử", "sản phẩm", "integer",
	 "last", "up", "quarter", 4, DEMO_SHARE, "OC02", NULL, 0.25, 1.0, 0, 0.9},
	{"OC04", "Tỷ lệ sản phẩm OCOP có mặt trên sàn thương mại điện tử", "%", "percent", "last",
	 "up", "quarter", 4, DEMO_RATIO, "OC03", "OC02", 0, 0, 0, 1},
	{"OC05", "Số chuỗi liên kết sản xuất, tiêu thụ nông sản đang hoạt động", "chuỗi",
	 "integer", "last", "up", "year", 3, DEMO_PATH, NULL, NULL, 0.04, 0.15, 0, 1},
	{"OC06", "Số lượt cán bộ, hội viên được tập huấn kiến thức quản trị, thị trường",
	 "lượt người", "integer", "sum", "up", "month", 5, DEMO_PATH, NULL, NULL, 5, 7, 20, 1},
};

static const demo_indicator cb[] = {
	{"CB01", "Số tổ tự quản về an ninh, trật tự do hội viên Cựu chiến binh làm nòng cốt", "tổ",
	 "integer", "last", "up", "quarter", 1, DEMO_PATH, NULL, NULL, 0.6, 1.4, 0, 1},
	{"CB02", "Số lượt hội viên được tuyên truyền, phổ biến pháp luật về an ninh, trật tự",
	 "lượt người", "integer", "sum", "up", "month", 2, DEMO_PATH, NULL, NULL, 380, 420, 0.5, 1},
	{"CB03", "Số vụ việc về an ninh trật tự phát sinh", "vụ việc", "integer", "sum", "down",
	 "month", 1, DEMO_PATH, NULL, NULL, 9, 6, 0, 1},
	{"CB04", "Số vụ việc hòa giải thành", "vụ việc", "integer", "sum", "up", "month", 3,
	 DEMO_SHARE, "CB05", NULL, 0.80, 0.88, 0, 1},
	{"CB05", "Số vụ việc có hội viên tham gia hòa giải", "vụ việc", "integer", "sum", "up",
	 "month", 3, DEMO_BASE, NULL, NULL, 8, 9, 0, 1},
	{"CB06", "Tỷ lệ vụ việc hòa giải thành", "%", "percent", "sum", "up", "month", 3,
	 DEMO_RATIO, "CB04", "CB05", 0, 0, 0, 1},
	{"CB07", "Số hội viên Cựu chiến binh vi phạm pháp luật phải xử lý hình sự", "hội viên",
	 "integer", "sum", "down", "year", 4, DEMO_RARE, NULL, NULL, 0.01, 0.01, 0, 1},
};

static const demo_indicator nl[] = {
	{"NL01", "Số đoàn viên, thanh niên đã được tập huấn kỹ năng số cơ bản (lũy kế)", "người",
	 "integer", "last", "up", "quarter", 1, DEMO_SHARE, "NL02", NULL, 0.05, 0.82, 0, 1},
	{"NL02", "Tổng số đoàn viên, thanh niên", "người", "integer", "last", "up", "quarter", 1,
	 DEMO_BASE, NULL, NULL, 330, 345, 0, 1},
	{"NL03", "Tỷ lệ đoàn viên, thanh niên được tập huấn kỹ năng số", "%", "percent", "last",
	 "up", "quarter", 1, DEMO_RATIO, "NL01", "NL02", 0, 0, 0, 1},
	{"NL04", "Số tổ công nghệ số cộng đồng có đoàn viên tham gia", "tổ", "integer", "last",
	 "up", "quarter", 2, DEMO_PATH, NULL, NULL, 0.3, 1.0, 0, 1},
	{"NL05",
	 "Số lượt người dân được hướng dẫn sử dụng dịch vụ công trực tuyến, thanh toán không "
	 "dùng tiền mặt",
	 "lượt người", "integer", "sum", "up", "month", 3, DEMO_PATH, NULL, NULL, 110, 280, 2, 1},
	{"NL06", "Số mô hình “Thanh niên với chuyển đổi số” đang hoạt động", "mô hình", "integer",
	 "last", "up", "year", 4, DEMO_PATH, NULL, NULL, 0.08, 0.5, 0, 1},
};

/* Who leads and who lags, with the story each tells (docs/DEMO.md). */
static const demo_pace ddk_paces[] = {
	{"217", 1.10}, {"223", 0.78}, {NULL, 0}};
static const demo_pace nt_paces[] = {{"24", 0.78}, {NULL, 0}};
static const demo_pace rt_paces[] = {
	{"221", 0.62}, {"07681", 0.58}, {"07682", 0.68}, {"07684", 0.90},
	{"217", 1.12}, {"07411", 1.22}, {"07375", 1.15}, {NULL, 0}};
static const demo_pace oc_paces[] = {
	{"219", 1.30}, {"218", 1.12}, {"220", 0.72}, {NULL, 0}};
static const demo_pace cb_paces[] = {{"222", 0.78}, {"07777", 0.80}, {NULL, 0}};
static const demo_pace nl_paces[] = {
	{"220", 0.66}, {"219", 0.80}, {"213", 1.20}, {"07201", 1.25}, {NULL, 0}};

static const char *const ddk_results[] = {
	"Vận động Quỹ “Vì người nghèo” được {DDK06} triệu đồng; {DDK07} lượt người tham gia các "
	"hoạt động hưởng ứng Cuộc vận động.",
	"Tổ chức {DDK04} cuộc giám sát chuyên đề; xây mới, sửa chữa {DDK05} nhà Đại đoàn kết cho "
	"hộ nghèo, hộ cận nghèo.",
	"Có {DDK01}/{DDK02} khu dân cư đạt danh hiệu “Khu dân cư văn hóa”.",
	"Tuyên truyền, vận động nhân dân tham gia xây dựng nông thôn mới, đô thị văn minh qua hệ "
	"thống loa truyền thanh cơ sở.",
	"Duy trì hoạt động của Ban Thanh tra nhân dân, Ban Giám sát đầu tư của cộng đồng.",
	NULL};
static const char *const ddk_limitations[] = {
	"Nội dung giám sát, phản biện xã hội ở một số nơi còn hình thức; việc theo dõi kiến nghị "
	"sau giám sát chưa thường xuyên.",
	NULL};
static const char *const ddk_causes[] = {
	"Cán bộ Mặt trận cơ sở kiêm nhiệm nhiều việc, thay đổi thường xuyên.", NULL};
static const char *const ddk_recommendations[] = {
	"Đề nghị cấp ủy chỉ đạo các cơ quan trả lời kiến nghị sau giám sát đúng thời hạn.", NULL};
static const char *const ddk_returns[] = {
	"Số tiền vận động Quỹ “Vì người nghèo” chưa khớp với sổ theo dõi của Ban vận động, đề "
	"nghị kiểm tra lại.",
	NULL};

static const char *const nt_results[] = {
	"Thăm hỏi, tuyên truyền, hỗ trợ {NT07} lượt công nhân thuê trọ.",
	"Trên địa bàn có {NT01} nhà trọ công nhân được đăng ký, quản lý; {NT02} nhà trọ đạt tiêu "
	"chí “an toàn, văn minh”; {NT04} nhà trọ niêm yết công khai giá thuê phòng.",
	"{NT05} chủ nhà trọ kê khai, nộp thuế theo quy định; {NT06} khu nhà trọ được công nhận mô "
	"hình “Nhà trọ công nhân an toàn, văn minh”.",
	"Phối hợp với Công an tỉnh kiểm tra phòng cháy, chữa cháy tại các khu nhà trọ quanh khu "
	"công nghiệp Quang Châu, Vân Trung, Đình Trám.",
	NULL};
static const char *const nt_limitations[] = {
	"Nhiều chủ nhà trọ xây vượt quá mật độ, không có các diện tích sử dụng công cộng.",
	"Một số khu nhà trọ chưa bảo đảm an toàn phòng cháy, chữa cháy; lối thoát nạn hẹp.",
	NULL};
static const char *const nt_causes[] = {
	"Chưa có chế tài đủ mạnh; việc quản lý nhà nước về nhà trọ ở một số xã còn buông lỏng.",
	NULL};
static const char *const nt_recommendations[] = {
	"Đề nghị UBND tỉnh chỉ đạo cơ quan thuế, Sở Xây dựng và UBND các huyện tăng cường kiểm "
	"tra việc kê khai thuế, niêm yết giá và mật độ xây dựng nhà trọ.",
	NULL};
static const char *const nt_returns[] = {
	"Số nhà trọ niêm yết giá chưa khớp với kết quả kiểm tra liên ngành, đề nghị rà soát lại.",
	NULL};

static const char *const rt_results[] = {
	"Tổ chức {RT01} buổi tuyên truyền, hướng dẫn phân loại rác thải sinh hoạt tại nguồn với "
	"{RT02} lượt hội viên, phụ nữ tham gia.",
	"Đến nay có {RT03}/{RT04} hộ gia đình hội viên thực hiện phân loại rác thải sinh hoạt tại "
	"nguồn theo ba nhóm.",
	"Duy trì {RT06} mô hình thu gom, phân loại rác thải; {RT07} hội viên ký cam kết không sử "
	"dụng túi ni lông, đồ nhựa dùng một lần.",
	"Phối hợp với Ủy ban MTTQ và các chi hội ra quân tổng vệ sinh môi trường, thu gom rác "
	"thải ở khu dân cư vào ngày Chủ nhật cuối tháng.",
	"Tuyên truyền trên loa truyền thanh cơ sở và nhóm Zalo chi hội về ba nhóm rác thải theo "
	"Luật Bảo vệ môi trường năm 2020.",
	NULL};
static const char *const rt_limitations[] = {
	"Rác thải sinh hoạt sau khi được phân loại tại hộ gia đình nhưng khi thu gom, vận chuyển "
	"lại đổ chung một xe, làm giảm niềm tin của hội viên.",
	"Một số hộ chưa duy trì thường xuyên việc phân loại; rác thải nhựa còn nhiều.",
	NULL};
static const char *const rt_causes[] = {
	"Có nơi địa phương chưa bố trí được bãi rác, lò đốt rác phù hợp nên dẫn đến tồn lưu rác, "
	"gây ô nhiễm môi trường.",
	"Đơn vị thu gom chưa bố trí phương tiện thu gom riêng theo từng nhóm rác.",
	NULL};
static const char *const rt_recommendations[] = {
	"Đề nghị UBND huyện chỉ đạo đơn vị thu gom bố trí phương tiện, lịch thu gom riêng cho "
	"từng nhóm rác đã phân loại.",
	"Đề nghị bố trí kinh phí xây dựng lò đốt rác, điểm tập kết rác thải đạt chuẩn ở các xã.",
	NULL};
static const char *const rt_returns[] = {
	"Số hộ phân loại rác tại nguồn tăng đột biến so với kỳ trước, đề nghị rà soát lại với "
	"danh sách hộ của các chi hội.",
	NULL};

static const char *const oc_results[] = {
	"Tổ chức tập huấn kiến thức quản trị, thị trường cho {OC06} lượt cán bộ, hội viên.",
	"Vận động thành lập mới {OC01} tổ hợp tác; hiện có {OC02} sản phẩm OCOP của hội viên còn "
	"hiệu lực, trong đó {OC03} sản phẩm đã có mặt trên sàn thương mại điện tử.",
	"Duy trì {OC05} chuỗi liên kết sản xuất, tiêu thụ nông sản an toàn.",
	"Hỗ trợ hội viên quảng bá nông sản và các sản phẩm OCOP tại hội chợ và trên sàn thương "
	"mại điện tử.",
	NULL};
static const char *const oc_limitations[] = {
	"Một số sản phẩm OCOP hết hạn chứng nhận (36 tháng) nhưng chủ thể chưa làm hồ sơ đánh giá "
	"lại.",
	"Liên kết giữa hộ sản xuất và doanh nghiệp còn lỏng lẻo.",
	NULL};
static const char *const oc_causes[] = {
	"Nhiều chủ thể sản xuất quy mô nhỏ, thiếu vốn; kỹ năng bán hàng trực tuyến của hội viên "
	"còn hạn chế.",
	NULL};
static const char *const oc_recommendations[] = {
	"Đề nghị Sở Tài chính bố trí kinh phí hỗ trợ chủ thể OCOP đánh giá lại, nâng hạng sản "
	"phẩm.",
	NULL};
static const char *const oc_returns[] = {
	"Sản phẩm OCOP đã hết hạn chứng nhận vẫn được tính là còn hiệu lực, đề nghị loại khỏi số "
	"liệu.",
	NULL};

static const char *const cb_results[] = {
	"Tuyên truyền, phổ biến pháp luật về an ninh, trật tự cho {CB02} lượt hội viên; tham gia "
	"hòa giải {CB05} vụ việc, hòa giải thành {CB04} vụ việc.",
	"Trên địa bàn phát sinh {CB03} vụ việc về an ninh trật tự, đã phối hợp với Công an xã giải "
	"quyết.",
	"Duy trì {CB01} tổ tự quản về an ninh, trật tự do hội viên Cựu chiến binh làm nòng cốt.",
	"Hội viên tham gia tuần tra, giữ gìn an ninh trật tự ở khu dân cư vào các dịp lễ, Tết.",
	NULL};
static const char *const cb_limitations[] = {
	"Một số tổ tự quản hoạt động chưa đều; việc ghi chép sổ theo dõi còn sơ sài.", NULL};
static const char *const cb_causes[] = {
	"Hội viên tuổi cao; kinh phí hỗ trợ hoạt động của tổ tự quản còn ít.", NULL};
static const char *const cb_recommendations[] = {
	"Đề nghị UBND các xã bố trí kinh phí hỗ trợ hoạt động của các tổ tự quản về an ninh, trật "
	"tự.",
	NULL};
static const char *const cb_returns[] = {
	"Số vụ việc phát sinh chưa khớp với số liệu của Công an xã, đề nghị đối chiếu lại.", NULL};

static const char *const nl_results[] = {
	"Hướng dẫn {NL05} lượt người dân sử dụng dịch vụ công trực tuyến, thanh toán không dùng "
	"tiền mặt.",
	"Lũy kế {NL01}/{NL02} đoàn viên, thanh niên được tập huấn kỹ năng số cơ bản; {NL04} tổ "
	"công nghệ số cộng đồng có đoàn viên tham gia.",
	"Duy trì {NL06} mô hình “Thanh niên với chuyển đổi số”.",
	"Ra quân hướng dẫn người dân cài đặt, kích hoạt tài khoản định danh điện tử tại nhà văn "
	"hóa thôn.",
	NULL};
static const char *const nl_limitations[] = {
	"Một số cơ sở Đoàn còn lúng túng khi hướng dẫn người dân sử dụng các nền tảng số.", NULL};
static const char *const nl_causes[] = {
	"Thiết bị, đường truyền ở một số thôn còn hạn chế; kỹ năng số của một bộ phận đoàn viên "
	"chưa đồng đều.",
	NULL};
static const char *const nl_recommendations[] = {
	"Đề nghị bố trí kinh phí mua sắm thiết bị và tập huấn chuyên sâu cho tổ công nghệ số cộng "
	"đồng.",
	NULL};
static const char *const nl_returns[] = {
	"Số lượt người được hướng dẫn chưa có danh sách kèm theo, đề nghị bổ sung.", NULL};

const demo_plan_spec demo_plan_specs[] = {
	{"KH-MTTQ-DDK", ddk, COUNT(ddk), ddk_paces, ddk_results, ddk_limitations, ddk_causes,
	 ddk_recommendations, ddk_returns,
	 "Kết quả vận động Quỹ “Vì người nghèo” và xây dựng nhà Đại đoàn kết chưa đạt kế hoạch "
	 "năm.",
	 "Nguồn xã hội hóa giảm do doanh nghiệp trên địa bàn gặp khó khăn; kinh phí hỗ trợ của "
	 "huyện bố trí chậm.",
	 "Đề nghị UBND huyện sớm phân bổ kinh phí hỗ trợ xây nhà Đại đoàn kết ngay từ đầu năm.",
	 "Nguồn xã hội hóa giảm so với cùng kỳ", "DDK06"},
	{"DA-NHATRO", nt, COUNT(nt), nt_paces, nt_results, nt_limitations, nt_causes,
	 nt_recommendations, nt_returns,
	 "Hoạt động kê khai nộp thuế và niêm yết giá phòng trọ của một số chủ nhà trọ thực hiện "
	 "chưa nghiêm túc; tỷ lệ chủ nhà trọ kê khai, nộp thuế còn thấp so với chỉ tiêu.",
	 "Nhiều chủ nhà trọ cho thuê theo hình thức hộ gia đình, chưa đăng ký kinh doanh.",
	 "Đề nghị cơ quan thuế phối hợp rà soát, hướng dẫn chủ nhà trọ kê khai, nộp thuế.",
	 "Nhiều chủ nhà trọ chưa kê khai thuế", "NT05"},
	{"DA-RACTHAI", rt, COUNT(rt), rt_paces, rt_results, rt_limitations, rt_causes,
	 rt_recommendations, rt_returns,
	 "Rác sau khi được các hộ phân loại nhưng khi thu gom, vận chuyển lại đổ chung một xe; "
	 "nhiều hộ đã bỏ việc phân loại.",
	 "Huyện chưa bố trí được bãi rác, lò đốt rác phù hợp; kinh phí thực hiện đề án cấp về cơ "
	 "sở còn chậm.",
	 "Đề nghị UBND huyện bố trí kinh phí và phương tiện thu gom riêng theo từng loại rác; sớm "
	 "xây dựng lò đốt rác liên xã.",
	 "Rác đã phân loại nhưng khi thu gom vẫn đổ chung một xe", "RT03"},
	{"DA-OCOP", oc, COUNT(oc), oc_paces, oc_results, oc_limitations, oc_causes,
	 oc_recommendations, oc_returns,
	 "Số tổ hợp tác, sản phẩm OCOP mới chưa đạt kế hoạch; sản phẩm chủ lực của huyện chưa rõ "
	 "nét.",
	 "Địa bàn miền núi, sản xuất nhỏ lẻ, giao thông khó khăn.",
	 "Đề nghị tỉnh hỗ trợ xây dựng vùng nguyên liệu và bao bì, nhãn mác cho đặc sản của huyện.",
	 "Chưa có sản phẩm mới đạt 3 sao", "OC02"},
	{"DA-CCB-ANTT", cb, COUNT(cb), cb_paces, cb_results, cb_limitations, cb_causes,
	 cb_recommendations, cb_returns,
	 "Số vụ việc về an ninh trật tự phát sinh còn cao, nhất là ở các khu nhà trọ công nhân.",
	 "Địa bàn có nhiều khu công nghiệp, lao động ngoại tỉnh biến động lớn.",
	 "Đề nghị Công an huyện phối hợp hướng dẫn các tổ tự quản ở khu nhà trọ công nhân.",
	 "Tăng do lao động ngoại tỉnh về thuê trọ", "CB03"},
	{"DA-NANGLUCSO", nl, COUNT(nl), nl_paces, nl_results, nl_limitations, nl_causes,
	 nl_recommendations, nl_returns,
	 "Tỷ lệ đoàn viên được tập huấn kỹ năng số còn thấp so với chỉ tiêu; hoạt động ứng dụng "
	 "công nghệ số chưa nhiều.",
	 "Địa bàn miền núi, sóng điện thoại và Internet chưa phủ kín; nhiều đoàn viên đi làm ăn "
	 "xa.",
	 "Đề nghị hỗ trợ điểm truy cập Internet công cộng ở các thôn vùng cao.",
	 "Nhiều đoàn viên đi làm ăn xa", "NL01"},
};
const size_t demo_plan_specs_count = COUNT(demo_plan_specs);

const char *const demo_common_limitations[] = {
	"Việc bố trí kinh phí triển khai thực hiện đề án ở một số đơn vị cơ sở còn chậm.",
	"Hoạt động ứng dụng công nghệ thông tin, công nghệ số chưa nhiều.",
	"Việc cập nhật số liệu, báo cáo ở một số cơ sở chưa kịp thời.",
	NULL};
const char *const demo_common_causes[] = {
	"Ngân sách cấp xã hạn hẹp; kinh phí được bố trí muộn, chủ yếu vào cuối năm.",
	"Một số cấp ủy, chính quyền cơ sở chưa quan tâm đúng mức đến việc thực hiện đề án.",
	"Sự phối hợp giữa các ngành ở một số nơi chưa chặt chẽ.",
	NULL};
const char *const demo_common_recommendations[] = {
	"Kiến nghị Sở Tài chính bố trí kinh phí tổ chức thực hiện và quan tâm hướng dẫn bố trí "
	"ngân sách thực hiện đề án đối với các địa phương.",
	"Đề nghị UBND tỉnh chỉ đạo các ngành chức năng tăng cường quản lý nhà nước trên các lĩnh "
	"vực liên quan đến nhiệm vụ của đề án.",
	"Đề nghị tổ chức giao lưu, trao đổi kinh nghiệm, cách làm hay gắn với phong trào thi đua "
	"“Dân vận khéo”.",
	NULL};
const char *const demo_common_return_reasons[] = {
	"Thiếu phần đánh giá tồn tại, hạn chế và nguyên nhân; đề nghị bổ sung.",
	"Đề nghị bổ sung minh chứng (biên bản, hình ảnh) cho các hoạt động đã báo cáo.",
	NULL};
const char *const demo_lead_results[] = {
	"Xác định các mục tiêu, nội dung công việc theo từng tháng, quý, năm để có lộ trình triển "
	"khai cụ thể; chú trọng xây dựng các mô hình điểm để nhân rộng.",
	"Cấp ủy, chính quyền quan tâm lãnh đạo, chỉ đạo; thường xuyên đôn đốc, kiểm tra, giám sát "
	"việc thực hiện.",
	NULL};

/* Years that are not the plan's last, so the whole-plan target stays as it was. */
const demo_revision demo_revisions[] = {
	{"DA-OCOP", "OC02", "24", 2024, 1.2,
	 "Kết luận số 245-KL/TU ngày 20/6/2023 của Ban Thường vụ Tỉnh ủy"},
	{"DA-RACTHAI", "RT03", "221", 2024, 0.85,
	 "Thông báo số 58/TB-HPN ngày 23/6/2023 của Ban Thường vụ Hội LHPN tỉnh"},
	{"DA-NANGLUCSO", "NL01", "24", 2024, 1.1,
	 "Kết luận số 245-KL/TU ngày 20/6/2023 của Ban Thường vụ Tỉnh ủy"},
};
const size_t demo_revisions_count = COUNT(demo_revisions);

const demo_slug demo_unit_slugs[] = {
	{"24", "tinh"},       {"213", "bacgiang"}, {"215", "yenthe"},  {"216", "tanyen"},
	{"217", "langgiang"}, {"218", "lucnam"},   {"219", "lucngan"}, {"220", "sondong"},
	{"221", "yendung"},   {"222", "vietyen"},  {"223", "hiephoa"}, {NULL, NULL},
};
const demo_slug demo_system_slugs[] = {
	{"mttq", "mttq"},   {"women", "phunu"}, {"farmers", "nongdan"}, {"veterans", "ccb"},
	{"youth", "doan"},  {"labor", "congdoan"}, {NULL, NULL},
};

/* Mountain districts report late more often; two communes skip months. */
const demo_habit demo_habits[] = {
	{"220", 0.35, 0}, {"215", 0.25, 0}, {"221", 0.20, 0},
	{"07384", 0.30, 0.12}, {"07444", 0.25, 0.10}, {"07681", 0.25, 0.04},
	{NULL, 0, 0},
};

/* ---- numbers ---- */

static const char *SQL_OBJECTIVE =
	"SELECT id FROM plan_objectives WHERE plan_id = ? AND position = ?";
static const char *SQL_INDICATOR_INSERT =
	"INSERT INTO indicators(plan_id, objective_id, code, name, unit_label, value_type,"
	" time_agg, unit_agg, numerator_id, denominator_id, direction, frequency, decimals,"
	" min_value, max_value, formula, position, version, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, 1, ?, ?) RETURNING id";
static const char *SQL_TARGET_INSERT =
	"INSERT INTO targets(indicator_id, unit_id, year, value, updated_at, updated_by)"
	" VALUES (?, ?, ?, ?, ?, ?)";
static const char *SQL_HISTORY_INSERT =
	"INSERT INTO target_history(indicator_id, unit_id, year, old_value, new_value,"
	" changed_at, changed_by, reason, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

#define SEED 0x7469656e646f2024ULL

static uint64_t fnv(const char *s, uint64_t h)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static uint64_t rng_next(demo_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

double demo_rng01(demo_rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

demo_rng demo_rng_for(const char *a, const char *b, const char *c)
{
	demo_rng r = {fnv(c, fnv("/", fnv(b, fnv("/", fnv(a, 0xcbf29ce484222325ULL))))) ^ SEED};
	rng_next(&r);
	return r;
}

double demo_hash01(const char *a, const char *b)
{
	demo_rng r = demo_rng_for(a, b, "");
	return demo_rng01(&r);
}

static void bind_id(db_stmt *st, int idx, int64_t id) /* 0 binds NULL */
{
	if (id)
		db_bind_int(st, idx, id);
	else
		db_bind_null(st, idx);
}

double demo_progress(const demo_rplan *p, int month)
{
	double t = (double)(month - p->m0) / (double)(p->m_end - p->m0);
	return t < 0 ? 0 : t > 1 ? 1 : t;
}

int demo_ind_index(const demo_rplan *p, const char *code)
{
	for (size_t i = 0; code && i < p->n_ind; i++)
		if (strcmp(p->ind[i].spec->code, code) == 0)
			return (int)i;
	return -1;
}

static double along(const demo_indicator *x, double t)
{
	return x->start + (x->final - x->start) * t;
}

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static double rounded(double v, int decimals)
{
	return decimals ? round(v * 10) / 10 : round(v);
}

/* The communes an organisation's own reports stand for; the province adds its share. */
static double own_size(const demo_rorg *o, const demo_rind *in)
{
	return o->size + (o->parent < 0 ? in->spec->province : 0);
}

tderr demo_indicators_insert(demo_ctx *c, demo_rplan *p)
{
	for (size_t i = 0; i < p->n_ind; i++) {
		demo_rind *in = &p->ind[i];
		const demo_indicator *x = in->spec;
		int ratio = x->shape == DEMO_RATIO;
		/* a ratio comes after its parts, whose ids it needs */
		int before = in->of >= 0 && in->den >= 0 && in->of < (int)i && in->den < (int)i;
		if (in->freq == PERIOD_NONE || (x->shape == DEMO_SHARE && in->of < 0) ||
		    (ratio && !before))
			return demo_fail(c, TD_EINTERNAL,
					 "demo reports: indicator %s of %s is malformed", x->code,
					 p->code);
		int64_t objective = 0;
		tderr e;
		db_stmt *st = db_prepare(c->d, SQL_OBJECTIVE);
		if (!st)
			return demo_db_fail(c, TD_EINTERNAL, "objective");
		db_bind_int(st, 1, p->id);
		db_bind_int(st, 2, x->objective);
		if ((e = demo_one_int(c, st, &objective, "objective")) != TD_OK)
			return e;
		if (!(st = db_prepare(c->d, SQL_INDICATOR_INSERT)))
			return demo_db_fail(c, TD_EINTERNAL, x->code);
		db_bind_int(st, 1, p->id);
		bind_id(st, 2, objective);
		db_bind_text(st, 3, x->code);
		db_bind_text(st, 4, x->name);
		db_bind_text(st, 5, x->unit_label);
		db_bind_text(st, 6, x->value_type);
		db_bind_text(st, 7, x->time_agg);
		db_bind_text(st, 8, ratio ? "ratio" : "sum");
		bind_id(st, 9, ratio ? p->ind[in->of].id : 0);
		bind_id(st, 10, ratio ? p->ind[in->den].id : 0);
		db_bind_text(st, 11, x->direction);
		db_bind_text(st, 12, x->frequency);
		db_bind_int(st, 13, in->decimals);
		if (ratio) /* computed, never entered: no bounds */
			db_bind_null(st, 14);
		else
			db_bind_double(st, 14, 0);
		db_bind_int(st, 15, (int64_t)i + 1);
		db_bind_text(st, 16, c->now);
		db_bind_text(st, 17, c->now);
		if ((e = store_one_int(st, &in->id)) != TD_OK)
			return demo_db_fail(c, e, x->code);
		c->indicators++;
	}
	return TD_OK;
}

/* Share of a year's flow that falls in the plan: 3/12 for a plan approved in
 * September. */
static double year_part(const demo_rplan *p, period_kind k, int year)
{
	static const int per_year[PERIOD_KIND_COUNT] = {0, 12, 4, 2, 1, 1};
	int n = 0;
	for (size_t i = 0; i < p->n_per[k]; i++)
		n += p->per[k][i].p.year == year;
	return per_year[k] ? (double)n / per_year[k] : 0;
}

/* What indicator in plans for an organisation's own work in a year: a level at
 * the year's end, or the year's flow. 0 when the organisation has no part in it. */
static int own_target(const demo_rplan *p, const demo_rind *in, const demo_rorg *o, int year,
		      double *out)
{
	const demo_indicator *x = in->spec;
	const demo_rind *base = x->shape == DEMO_SHARE ? &p->ind[in->of] : in;
	double end = demo_progress(p, year * 12 + 11), mid = demo_progress(p, year * 12 + 5);
	double sz = own_size(o, base);
	*out = 0;
	if (sz <= 0 || x->shape == DEMO_BASE || x->shape == DEMO_RATIO)
		return 0;
	if (x->shape == DEMO_RARE)
		return 1;
	*out = base->flow ? sz * along(base->spec, mid) * year_part(p, base->freq, year)
			  : sz * along(base->spec, end);
	if (x->shape == DEMO_SHARE)
		*out *= along(x, end);
	*out = rounded(*out, in->decimals);
	return 1;
}

/* Targets of indicator idx for every organisation and year (column ny: the whole
 * plan): each unit's own part plus its children's, so that a unit's target is what
 * its subtree should reach. has[o] is 0 where nobody at or below o reports it. */
static void plan_targets(const demo_rplan *p, size_t idx, double (*t)[DEMO_YEARS_MAX + 1],
			 int *has)
{
	const demo_rind *in = &p->ind[idx];
	int ny = p->end_year - p->start_year + 1;
	if (in->spec->shape == DEMO_RATIO) { /* the rate planned for the numerator */
		plan_targets(p, (size_t)in->of, t, has);
		for (int y = 0; y <= ny; y++) {
			int year = y < ny ? p->start_year + y : p->end_year;
			double rate = along(p->ind[in->of].spec, demo_progress(p, year * 12 + 11));
			for (size_t o = 0; o < p->n_org; o++)
				t[o][y] = round(100 * rate);
		}
		return;
	}
	for (size_t o = 0; o < p->n_org; o++) {
		has[o] = 0;
		for (int y = 0; y <= ny; y++)
			t[o][y] = 0;
		for (int y = 0; y < ny; y++)
			has[o] |= own_target(p, in, &p->org[o], p->start_year + y, &t[o][y]);
	}
	for (size_t o = p->n_org; o-- > 0;) { /* children come after their parents */
		int up = p->org[o].parent;
		if (up < 0 || !has[o])
			continue;
		has[up] = 1;
		for (int y = 0; y < ny; y++)
			t[up][y] += t[o][y];
	}
	int sum = in->flow || in->spec->shape == DEMO_RARE;
	for (size_t o = 0; o < p->n_org; o++) {
		for (int y = 0; y < ny; y++)
			t[o][ny] = sum ? t[o][ny] + t[o][y] : t[o][y];
		t[o][ny] = rounded(t[o][ny], in->decimals);
	}
}

static const demo_revision *revision_for(const demo_rplan *p, const demo_rind *in,
					 const demo_rorg *o, int year)
{
	for (size_t i = 0; i < demo_revisions_count; i++) {
		const demo_revision *r = &demo_revisions[i];
		if (r->year == year && strcmp(r->plan_code, p->code) == 0 &&
		    strcmp(r->indicator_code, in->spec->code) == 0 &&
		    strcmp(r->unit_code, o->unit_code) == 0)
			return r;
	}
	return NULL;
}

static tderr target_insert(demo_ctx *c, const demo_rplan *p, const demo_rind *in,
			   const demo_rorg *o, int year, double value)
{
	const demo_revision *r = revision_for(p, in, o, year);
	tderr e;
	/* revised after the mid-term conference, when the demo's today is past it; the
	 * units above keep their targets, which leaves a gap in their allocation */
	if (r && strncmp(c->today, DEMO_REVISION_AT, 10) > 0) {
		double revised = rounded(value * r->factor, in->decimals);
		db_stmt *h = db_prepare(c->d, SQL_HISTORY_INSERT);
		if (!h)
			return demo_db_fail(c, TD_EINTERNAL, "target history");
		db_bind_int(h, 1, in->id);
		db_bind_int(h, 2, o->unit_id);
		db_bind_int(h, 3, year);
		db_bind_double(h, 4, value);
		db_bind_double(h, 5, revised);
		db_bind_text(h, 6, DEMO_REVISION_AT);
		bind_id(h, 7, p->owner_user);
		db_bind_text(h, 8, DEMO_REVISION_REASON);
		db_bind_text(h, 9, r->document);
		if ((e = store_exec(h)) != TD_OK)
			return demo_db_fail(c, e, "target history");
		c->history++;
		value = revised;
	}
	db_stmt *st = db_prepare(c->d, SQL_TARGET_INSERT);
	if (!st)
		return demo_db_fail(c, TD_EINTERNAL, "target");
	db_bind_int(st, 1, in->id);
	db_bind_int(st, 2, o->unit_id);
	db_bind_int(st, 3, year);
	db_bind_double(st, 4, value);
	db_bind_text(st, 5, c->now);
	bind_id(st, 6, p->owner_user);
	if ((e = store_exec(st)) != TD_OK)
		return demo_db_fail(c, e, "target");
	c->targets++;
	return TD_OK;
}

tderr demo_targets_insert(demo_ctx *c, const demo_rplan *p)
{
	double t[DEMO_ORGS_MAX][DEMO_YEARS_MAX + 1];
	int has[DEMO_ORGS_MAX];
	int ny = p->end_year - p->start_year + 1;
	tderr e = TD_OK;
	for (size_t i = 0; e == TD_OK && i < p->n_ind; i++) {
		if (p->ind[i].spec->shape == DEMO_BASE)
			continue; /* a denominator is counted, not planned */
		plan_targets(p, i, t, has);
		for (size_t o = 0; e == TD_OK && o < p->n_org; o++)
			for (int y = 0; e == TD_OK && has[o] && y <= ny; y++)
				e = target_insert(c, p, &p->ind[i], &p->org[o],
						  y < ny ? p->start_year + y : 0, t[o][y]);
	}
	return e;
}

/* A flow's seasons: Tết in February; the fund-raising month from 17 October to
 * 18 November for the one money indicator. */
static double season(const demo_rind *in, const demo_rperiod *x)
{
	if (x->p.kind != PERIOD_MONTH)
		return 1;
	if (strcmp(in->spec->unit_label, "triệu đồng") == 0)
		return x->p.index == 10 || x->p.index == 11 ? 2.6 : 0.7;
	return x->p.index == 2 ? 0.6 : 1.04;
}

/* Rounds a drawn amount so that small ones average right: 0.3 is 1 three times
 * in ten. */
static double stochastic(double v, int decimals, demo_rng *r)
{
	if (decimals)
		return round(v * 10) / 10;
	return floor(v) + (demo_rng01(r) < v - floor(v));
}

/* Levels follow the plan's path at the unit's pace (a little off it, fixed per
 * unit and indicator); flows are the year's amount shared out with some noise;
 * shares are a rate of their base in the same report. */
void demo_values(const demo_rplan *p, const demo_rorg *o, const demo_rperiod *x, demo_rng *r,
		 demo_rvals *out)
{
	double t = demo_progress(p, x->month);
	memset(out, 0, sizeof *out);
	for (int pass = 0; pass < 2; pass++) /* shares after their bases */
		for (size_t i = 0; i < p->n_ind; i++) {
			const demo_rind *in = &p->ind[i];
			const demo_indicator *sp = in->spec;
			if (in->freq != x->p.kind || sp->shape == DEMO_RATIO ||
			    (sp->shape == DEMO_SHARE) != (pass == 1))
				continue;
			double off = (demo_hash01(o->code, sp->code) - 0.5) * 0.08;
			double pace = o->perf * sp->bias, sz = own_size(o, in), v;
			if (sp->shape == DEMO_SHARE) {
				if (!out->has[in->of])
					continue;
				double rate = along(sp, clamp(t * (pace + off), 0, 1.15));
				v = out->v[in->of] * fmin(rate, sp->final >= 0.999 ? 1 : 0.98);
				v = in->flow ? stochastic(v, 0, r) : round(v);
			} else if (sz <= 0) {
				continue;
			} else if (sp->shape == DEMO_RARE) {
				v = demo_rng01(r) < fmin(0.5, sz * sp->start * x->months / 12);
			} else if (!in->flow) {
				double reach = sp->shape == DEMO_BASE ? t : t * (pace + off);
				v = sz * along(sp, clamp(reach, 0, 1.3));
				v = sp->shape == DEMO_BASE ? v * (1 + off / 4) : v;
				v = rounded(v, in->decimals);
			} else {
				double amount = sz * along(sp, t) * x->months / 12 * season(in, x);
				if (sp->shape == DEMO_PATH)
					amount = strcmp(sp->direction, "down") == 0 ? amount / pace
										    : amount * pace;
				amount *= 0.8 + 0.4 * demo_rng01(r);
				v = stochastic(amount, in->decimals, r);
			}
			out->v[i] = v < 0 ? 0 : v;
			out->has[i] = 1;
		}
	int k = demo_ind_index(p, p->spec->lag_code);
	if (o->perf < 0.8 && k >= 0 && out->has[k] && demo_rng01(r) < 0.5)
		out->comment[k] = p->spec->lag_comment;
}

/* What the demo makes sure of, whatever the draw (docs/DEMO.md): inboxes that are
 * not empty, a returned report, an overdue draft and a missed month, at known units
 * of the latest passed periods (recency 0: the latest; of the plan's finest kind, or
 * a quarter). */
static const struct {
	const char *unit_code;
	int quarter, recency, fate;
} fixed_fates[] = {
	{"07411", 0, 0, WF_SUBMITTED}, {"217", 0, 0, WF_SUBMITTED}, {"07684", 0, 0, WF_RETURNED},
	{"07204", 0, 0, WF_DRAFT},     {"07384", 0, 1, DEMO_FATE_MISSING},
	{"07375", 1, 0, WF_SUBMITTED}, {"24", 1, 0, WF_SUBMITTED},
};

/* Older periods are approved; the latest ones may still wait, have been returned,
 * or never have been sent; an open period has drafts, and once its data is cut
 * off, the first submissions. */
int demo_fate(const demo_rorg *o, const demo_rperiod *x, period_kind finest, int64_t today,
	      demo_rng *r)
{
	double u = demo_rng01(r), skip = demo_rng01(r);
	for (size_t i = 0; x->state == 2 && i < COUNT(fixed_fates); i++)
		if (!strcmp(fixed_fates[i].unit_code, o->unit_code) &&
		    x->recency == fixed_fates[i].recency &&
		    x->p.kind == (fixed_fates[i].quarter ? PERIOD_QUARTER : finest))
			return fixed_fates[i].fate;
	if (x->state == 1) { /* drafts in the last weeks of the data, then submissions */
		if (today <= x->to_day + 1)
			return u < 0.35 && x->to_day - today < 21 ? WF_DRAFT : DEMO_FATE_MISSING;
		return u < 0.45 ? WF_SUBMITTED : u < 0.75 ? WF_DRAFT : DEMO_FATE_MISSING;
	}
	if (x->p.kind == PERIOD_MONTH && x->recency > 0 && skip < o->skip)
		return DEMO_FATE_MISSING;
	/* year reports wait less than month reports: there are fewer of them to read */
	double open = x->recency == 0 ? 0.40 : x->recency == 1 ? 0.14 : 0;
	open *= x->p.kind == PERIOD_MONTH ? 1 : x->p.kind == PERIOD_QUARTER ? 0.7 : 0.2;
	if (u >= open)
		return WF_APPROVED;
	u /= open;
	return u < 0.55 ? WF_SUBMITTED : u < 0.72 ? WF_RETURNED : u < 0.87 ? WF_DRAFT
	       : o->depth >= 2 ? DEMO_FATE_MISSING : WF_SUBMITTED;
}
