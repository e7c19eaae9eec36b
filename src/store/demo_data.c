/* demo_data.c — what the demo province holds (docs/DEMO.md): the province's
 * organisations with their heads, the pattern of district and commune
 * organisations, the demo users and the six plans of the 2023 conference.
 * People are invented; units and their codes are the real 2023 ones. */
#include "store/demo_data.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Parents before children: demo.c inserts in this order. */
const demo_org demo_province_orgs[] = {
	{"party-24", "Tỉnh ủy Bắc Giang", "party", NULL,
	 {{"Lê Văn Khánh", "Bí thư", "2020-10-15", NULL}}},
	{"danvan-24", "Ban Dân vận Tỉnh ủy Bắc Giang", "party", "party-24",
	 {{"Hà Thị Hương", "Trưởng ban", "2021-10-01", NULL}}},
	{"ubkt-24", "Ủy ban Kiểm tra Tỉnh ủy Bắc Giang", "party", "party-24",
	 {{"Thân Văn Hòa", "Chủ nhiệm", "2020-10-15", NULL}}},
	{"ubnd-24", "UBND tỉnh Bắc Giang", "people_committee", NULL,
	 {{"Ngô Quang Minh", "Chủ tịch", "2021-07-01", NULL}}},
	{"taichinh-24", "Sở Tài chính tỉnh Bắc Giang", "department", "ubnd-24",
	 {{"Đỗ Đức Lâm", "Giám đốc", "2021-10-01", NULL}}},
	{"mttq-24", "Ủy ban MTTQ tỉnh Bắc Giang", "mttq", NULL,
	 {{"Nguyễn Văn Lượng", "Chủ tịch", "2021-10-01", "2024-06-30"},
	  {"Giáp Thị Bích Ngọc", "Chủ tịch", "2024-07-01", NULL}}},
	{"women-24", "Hội LHPN tỉnh Bắc Giang", "women", NULL,
	 {{"Trần Thị Hạnh", "Chủ tịch", "2021-10-01", "2024-06-30"},
	  {"Nguyễn Thị Thu Trang", "Chủ tịch", "2024-07-01", NULL}}},
	{"farmers-24", "Hội Nông dân tỉnh Bắc Giang", "farmers", NULL,
	 {{"Vũ Văn Hiển", "Chủ tịch", "2021-10-01", "2024-06-30"},
	  {"Dương Đức Thành", "Chủ tịch", "2024-07-01", NULL}}},
	{"veterans-24", "Hội Cựu chiến binh tỉnh Bắc Giang", "veterans", NULL,
	 {{"Phạm Văn Chiến", "Chủ tịch", "2021-10-01", NULL}}},
	{"youth-24", "Tỉnh đoàn Bắc Giang", "youth", NULL,
	 {{"Hoàng Minh Tuấn", "Bí thư", "2021-10-01", NULL}}},
	{"labor-24", "Liên đoàn Lao động tỉnh Bắc Giang", "labor", NULL,
	 {{"Bùi Thị Lan", "Chủ tịch", "2021-10-01", NULL}}},
};
const size_t demo_province_orgs_count = COUNT(demo_province_orgs);

const demo_template demo_templates[] = {
	{"mttq", "mttq", "Ủy ban MTTQ", DEMO_NAME_PREFIX, "Chủ tịch", -1, 1},
	{"women", "women", "Hội LHPN", DEMO_NAME_PREFIX, "Chủ tịch", 1, 1},
	{"farmers", "farmers", "Hội Nông dân", DEMO_NAME_PREFIX, "Chủ tịch", 0, 1},
	{"veterans", "veterans", "Hội Cựu chiến binh", DEMO_NAME_PREFIX, "Chủ tịch", 0, 1},
	{"youth", "youth", NULL, DEMO_NAME_YOUTH, "Bí thư", -1, 1},
	{"party", "party", NULL, DEMO_NAME_PARTY, "Bí thư", 0, 0},
	{"ubnd", "people_committee", "UBND", DEMO_NAME_PREFIX, "Chủ tịch", 0, 0},
};
const size_t demo_templates_count = COUNT(demo_templates);

const char *const demo_districts[] = {
	"213", "215", "216", "217", "218", "219", "220", "221", "222", "223",
};
const size_t demo_districts_count = COUNT(demo_districts);

const char *const demo_communes[] = {
	"07375", /* Thị trấn Vôi, Lạng Giang */
	"07411", /* Xã Tân Thanh, Lạng Giang */
	"07399", /* Thị trấn Kép, Lạng Giang */
	"07378", /* Xã Nghĩa Hòa, Lạng Giang */
	"07384", /* Xã Quang Thịnh, Lạng Giang */
	"07684", /* Xã Lão Hộ, Yên Dũng */
	"07681", /* Thị trấn Nham Biền, Yên Dũng */
	"07682", /* Thị trấn Tân An, Yên Dũng */
	"07201", /* Phường Thọ Xương, TP Bắc Giang */
	"07204", /* Phường Trần Nguyên Hãn, TP Bắc Giang */
	"07777", /* Thị trấn Bích Động, Việt Yên */
	"07840", /* Thị trấn Thắng, Hiệp Hòa */
	"07339", /* Thị trấn Cao Thượng, Tân Yên */
	"07444", /* Thị trấn Đồi Ngô, Lục Nam */
};
const size_t demo_communes_count = COUNT(demo_communes);

/* Family names common in Bắc Giang (Thân, Giáp, Hà, Ngô among them). */
const char *const demo_family_names[] = {
	"Nguyễn", "Trần", "Lê", "Thân", "Giáp", "Ngô", "Hà", "Phạm",
	"Hoàng", "Vũ", "Đỗ", "Dương", "Bùi", "Đặng", "Lương", "Chu",
};
const size_t demo_family_names_count = COUNT(demo_family_names);
const char *const demo_male_middle[] = {
	"Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thanh", "Ngọc", "Công",
};
const size_t demo_male_middle_count = COUNT(demo_male_middle);
const char *const demo_male_given[] = {
	"Hùng", "Dũng", "Tuấn", "Thắng", "Cường", "Long", "Sơn", "Hải", "Nam",
	"Bình", "Phong", "Khánh", "Trung", "Quân", "Hiếu", "Thành", "Toàn",
};
const size_t demo_male_given_count = COUNT(demo_male_given);
const char *const demo_female_middle[] = {
	"Thị", "Thu", "Thị Thanh", "Minh", "Thị Ngọc", "Thị Kim", "Thúy",
};
const size_t demo_female_middle_count = COUNT(demo_female_middle);
const char *const demo_female_given[] = {
	"Hoa", "Lan", "Hương", "Mai", "Hạnh", "Nga", "Thủy", "Huyền", "Linh",
	"Phương", "Hằng", "Yến", "Thảo", "Loan", "Dung", "Vân", "Oanh",
};
const size_t demo_female_given_count = COUNT(demo_female_given);

const demo_user demo_users[] = {
	{"tinh.danvan", "Nguyễn Thị Minh Hằng", "leader", "danvan-24"},
	{"tinh.mttq", "Thân Đức Hưởng", "leader", "mttq-24"},
	{"tinh.phunu", "Lê Thị Thu Hà", "officer", "women-24"},
	{"tinh.nongdan", "Ngô Văn Định", "officer", "farmers-24"},
	{"tinh.ccb", "Trần Văn Bảo", "officer", "veterans-24"},
	{"tinh.doan", "Hoàng Thị Ngọc Ánh", "officer", "youth-24"},
	{"tinh.congdoan", "Dương Văn Phúc", "officer", "labor-24"},
	{"tinh.taichinh", "Vũ Thị Hồng Nhung", "officer", "taichinh-24"},
	{"tinh.ubnd", "Đặng Quốc Việt", "viewer", "ubnd-24"},
	{"tinh.kiemtra", "Giáp Văn Tình", "inspector", "ubkt-24"},
	{"langgiang.admin", "Nguyễn Đức Thịnh", "admin", "party-217"},
	{"langgiang.phunu.lanhdao", "Hà Thị Nguyệt", "leader", "women-217"},
	{"langgiang.phunu", "Chu Thị Lý", "officer", "women-217"},
	{"langgiang.mttq", "Thân Văn Đông", "leader", "mttq-217"},
	{"yendung.phunu", "Bùi Thị Thanh Tâm", "officer", "women-221"},
	{"tanthanh.phunu", "Nguyễn Thị Hiền", "officer", "women-07411"},
	{"tanthanh.mttq", "Lương Văn Tiến", "leader", "mttq-07411"},
	{"tanthanh.xem", "Phạm Minh Đức", "viewer", "mttq-07411"},
	{"voi.phunu", "Trần Thị Hồng", "officer", "women-07375"},
	{"laoho.phunu", "Đỗ Thị Xuân", "officer", "women-07684"},
};
const size_t demo_users_count = COUNT(demo_users);

#define SUPERVISE {"danvan-24", "supervise"}
#define UBND {"ubnd-24", "coordinate"}
#define TAICHINH {"taichinh-24", "coordinate"}

const demo_plan demo_plans[] = {
	{"KH-MTTQ-DDK", "ke_hoach",
	 "Phát huy vai trò nòng cốt của MTTQ để xây dựng khối đại đoàn kết dân tộc trong tình hình mới",
	 "mttq-24", 2022, 2025,
	 "Kế hoạch số 126/KH-MTTQ-BTT ngày 25/02/2022 của Ban Thường trực Ủy ban MTTQ tỉnh",
	 "2022-02-25",
	 "Cụ thể hóa Nghị quyết Đại hội đại biểu MTTQ tỉnh: đổi mới nội dung, phương thức "
	 "hoạt động của Mặt trận các cấp, phát huy dân chủ ở cơ sở, nâng cao chất lượng giám "
	 "sát và phản biện xã hội, tập hợp các tầng lớp nhân dân tham gia xây dựng nông thôn "
	 "mới và đô thị văn minh.",
	 {"Củng cố, kiện toàn tổ chức Mặt trận; 100% Ban công tác Mặt trận ở khu dân cư hoạt "
	  "động đạt loại khá trở lên",
	  "Đẩy mạnh Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn "
	  "minh”; hằng năm trên 90% khu dân cư đạt danh hiệu khu dân cư văn hóa",
	  "Nâng cao chất lượng giám sát, phản biện xã hội; mỗi năm Mặt trận mỗi cấp tổ chức "
	  "ít nhất 02 cuộc giám sát chuyên đề",
	  "Vận động Quỹ “Vì người nghèo” hỗ trợ xây mới, sửa chữa nhà Đại đoàn kết cho hộ "
	  "nghèo, hộ cận nghèo",
	  "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở 100% khu dân cư hằng năm"},
	 {UBND, {"women-24", "coordinate"}, {"farmers-24", "coordinate"},
	  {"veterans-24", "coordinate"}, {"youth-24", "coordinate"}, {"labor-24", "coordinate"},
	  SUPERVISE}},

	{"DA-NHATRO", "de_an",
	 "Nhà trọ công nhân an toàn, văn minh giai đoạn 2022–2025 trên địa bàn tỉnh",
	 "labor-24", 2022, 2025,
	 "Quyết định số 123/QĐ-UBND ngày 15/3/2022 của UBND tỉnh", "2022-03-15",
	 "Vận động chủ nhà trọ ở các khu, cụm công nghiệp bảo đảm an toàn phòng cháy, chữa "
	 "cháy, điện, nước sạch và vệ sinh môi trường, niêm yết giá thuê và kê khai nộp thuế; "
	 "xây dựng khu nhà trọ kiểu mẫu, chăm lo đời sống vật chất, tinh thần cho công nhân "
	 "lao động thuê trọ.",
	 {"Đến năm 2025, 100% nhà trọ ở các khu, cụm công nghiệp được đăng ký, quản lý và "
	  "niêm yết giá thuê phòng",
	  "Trên 80% nhà trọ đạt tiêu chí an toàn về phòng cháy, chữa cháy, điện, nước sạch và "
	  "vệ sinh môi trường",
	  "Mỗi huyện có khu công nghiệp xây dựng ít nhất 02 mô hình “Nhà trọ công nhân an "
	  "toàn, văn minh”",
	  "Thành lập tổ công đoàn hoặc tổ tự quản ở 100% khu nhà trọ từ 20 phòng trở lên"},
	 {UBND, TAICHINH, {"youth-24", "coordinate"}, {"women-24", "coordinate"}, SUPERVISE}},

	{"DA-RACTHAI", "de_an",
	 "Tuyên truyền, vận động, hướng dẫn hội viên phụ nữ thực hiện thu gom, phân loại, đổ "
	 "rác thải sinh hoạt đúng quy định, giai đoạn 2021–2025",
	 "women-24", 2021, 2025,
	 "Quyết định số 1256/QĐ-UBND ngày 28/9/2021 của UBND tỉnh", "2021-09-28",
	 "Tuyên truyền, hướng dẫn hội viên phụ nữ và hộ gia đình phân loại rác thải sinh hoạt "
	 "tại nguồn theo ba nhóm (chất thải rắn có khả năng tái sử dụng, tái chế; chất thải "
	 "thực phẩm; chất thải rắn sinh hoạt khác) theo Luật Bảo vệ môi trường năm 2020; xây "
	 "dựng mô hình điểm và nhân rộng ở các khu dân cư.",
	 {"100% cơ sở Hội tổ chức tuyên truyền về phân loại rác thải sinh hoạt tại nguồn cho "
	  "hội viên",
	  "Đến năm 2025, trên 70% hộ gia đình hội viên phụ nữ phân loại rác thải sinh hoạt tại "
	  "nguồn",
	  "Mỗi xã, phường, thị trấn có ít nhất 01 mô hình điểm thu gom, phân loại rác thải do "
	  "Hội LHPN phụ trách",
	  "Vận động hội viên đổ rác đúng giờ, đúng nơi quy định; giảm đồ nhựa dùng một lần "
	  "trong sinh hoạt"},
	 {UBND, TAICHINH, {"mttq-24", "coordinate"}, SUPERVISE}},

	{"DA-OCOP", "de_an",
	 "Hội Nông dân các cấp là nòng cốt trong tổ chức sản xuất nông nghiệp theo hướng hợp "
	 "tác, liên kết chuỗi giá trị, xây dựng và nâng cao chất lượng sản phẩm OCOP, giai "
	 "đoạn 2022–2025",
	 "farmers-24", 2022, 2025,
	 "Quyết định số 214/QĐ-UBND ngày 22/3/2022 của UBND tỉnh", "2022-03-22",
	 "Phát huy vai trò nòng cốt của Hội Nông dân trong tổ chức sản xuất theo hướng hợp "
	 "tác, liên kết chuỗi giá trị; hỗ trợ hội viên thành lập tổ hợp tác, hợp tác xã, xây "
	 "dựng và nâng hạng sản phẩm OCOP từ 3 đến 5 sao, đưa sản phẩm lên sàn thương mại "
	 "điện tử.",
	 {"Mỗi năm thành lập mới ít nhất 20 tổ hợp tác và 10 hợp tác xã do Hội Nông dân vận "
	  "động, hướng dẫn",
	  "Hỗ trợ hội viên có ít nhất 40 sản phẩm OCOP đạt từ 3 sao trở lên trong giai đoạn",
	  "Xây dựng 30 chuỗi liên kết sản xuất, tiêu thụ nông sản an toàn gắn với vùng "
	  "nguyên liệu",
	  "Đưa 100% sản phẩm OCOP của hội viên lên sàn thương mại điện tử",
	  "Tập huấn kiến thức quản trị, thị trường cho 5.000 lượt cán bộ, hội viên nông dân"},
	 {UBND, TAICHINH, {"women-24", "coordinate"}, SUPERVISE}},

	{"DA-CCB-ANTT", "de_an",
	 "Nâng cao vai trò, trách nhiệm của hội viên Cựu chiến binh trong hoạt động tự quản "
	 "bảo đảm an ninh, trật tự từ cơ sở, giai đoạn 2022–2025",
	 "veterans-24", 2022, 2025,
	 "Quyết định số 389/QĐ-UBND ngày 12/5/2022 của UBND tỉnh", "2022-05-12",
	 "Nâng cao vai trò, trách nhiệm của hội viên Cựu chiến binh trong phong trào toàn dân "
	 "bảo vệ an ninh Tổ quốc; củng cố, nhân rộng các tổ tự quản về an ninh, trật tự ở khu "
	 "dân cư, góp phần giữ vững an ninh chính trị, trật tự, an toàn xã hội từ cơ sở.",
	 {"Đến năm 2025, 100% xã, phường, thị trấn có ít nhất 01 tổ tự quản về an ninh, trật "
	  "tự do hội viên Cựu chiến binh làm nòng cốt",
	  "Trên 95% hội viên Cựu chiến binh được tuyên truyền, phổ biến pháp luật về an ninh, "
	  "trật tự",
	  "Hằng năm hòa giải thành trên 85% vụ việc ở cơ sở có hội viên tham gia hòa giải",
	  "Không có hội viên Cựu chiến binh vi phạm pháp luật phải xử lý hình sự"},
	 {UBND, TAICHINH, {"mttq-24", "coordinate"}, {"youth-24", "coordinate"}, SUPERVISE}},

	{"DA-NANGLUCSO", "de_an",
	 "Nâng cao năng lực số cho thanh thiếu niên, phát huy vai trò nòng cốt, đi đầu của các "
	 "cấp bộ Đoàn trong chuyển đổi số, giai đoạn 2022–2025",
	 "youth-24", 2022, 2025,
	 "Quyết định số 517/QĐ-UBND ngày 16/6/2022 của UBND tỉnh", "2022-06-16",
	 "Trang bị kỹ năng số cơ bản cho thanh thiếu niên; phát huy vai trò xung kích của "
	 "đoàn viên trong chuyển đổi số ở cơ sở qua các tổ công nghệ số cộng đồng, hướng dẫn "
	 "người dân sử dụng dịch vụ công trực tuyến, thanh toán không dùng tiền mặt và các "
	 "nền tảng số.",
	 {"Đến năm 2025, 80% đoàn viên, thanh niên được tập huấn kỹ năng số cơ bản",
	  "100% cơ sở Đoàn tham gia tổ công nghệ số cộng đồng ở xã, phường, thị trấn",
	  "Mỗi năm hướng dẫn ít nhất 50.000 lượt người dân sử dụng dịch vụ công trực tuyến và "
	  "thanh toán không dùng tiền mặt",
	  "Xây dựng 100 mô hình “Thanh niên với chuyển đổi số” ở cơ sở"},
	 {UBND, TAICHINH, SUPERVISE}},
};
const size_t demo_plans_count = COUNT(demo_plans);
