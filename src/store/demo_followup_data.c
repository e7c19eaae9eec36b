/* demo_followup_data.c — what the demo's follow-up records say (docs/DEMO.md,
 * "Follow-up records"): the complaints of the 14/6/2023 conference on the plans of
 * the Fatherland Front and the mass organisations, as tasks, documents, findings,
 * inspections, models and activities. Numbers of documents are illustrative;
 * demo_followup.c turns the tables into rows. */
#include "store/demo_followup.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define ALL_DISTRICTS "213 215 216 217 218 219 220 221 222 223"
#define ALL_COMMUNES                                                                      \
	"07375 07411 07399 07378 07384 07684 07681 07682 07201 07204 07777 07840 07339 07444"
/* the districts and communes of the industrial zones, where workers rent rooms */
#define NHATRO_DISTRICTS "213 217 221 222 223"
#define NHATRO_COMMUNES "07201 07204 07681 07682 07777 07840"

const demo_fplan demo_fplans[] = {
	{"KH-MTTQ-DDK", "mttq", ALL_DISTRICTS, ALL_COMMUNES,
	 "Kế hoạch phát huy vai trò nòng cốt của MTTQ xây dựng khối đại đoàn kết toàn dân tộc",
	 "/KH-MTTQ-BTT", 450000000, 60000000, 15000000, 500000000,
	 {"propaganda|Tuyên truyền Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô "
	  "thị văn minh”",
	  "conference|Hội nghị hiệp thương, phối hợp thực hiện Kế hoạch phát huy vai trò nòng cốt "
	  "của Mặt trận",
	  "training|Tập huấn nghiệp vụ công tác Mặt trận cho Trưởng ban công tác Mặt trận "
	  "khu dân cư",
	  "emulation|Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư",
	  "other|Giám sát việc thực hiện chính sách hỗ trợ hộ nghèo, hộ cận nghèo",
	  "emulation|Trao nhà Đại đoàn kết cho hộ nghèo", NULL}},
	{"DA-NHATRO", "mttq", NHATRO_DISTRICTS, NHATRO_COMMUNES,
	 "Đề án “Nhà trọ công nhân an toàn, văn minh”", "/KH-MTTQ-BTT", 400000000, 50000000,
	 12000000, 250000000,
	 // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one title wrapped over two lines
	 {"propaganda|Tuyên truyền chủ nhà trọ niêm yết giá phòng, kê khai nộp thuế, bảo đảm an "
	  "toàn phòng cháy, chữa cháy",
	  "conference|Hội nghị đối thoại giữa chủ nhà trọ, công nhân thuê trọ và chính quyền cơ sở",
	  "training|Tập huấn phòng cháy, chữa cháy cho chủ nhà trọ và công nhân thuê trọ",
	  "emulation|Bình chọn “Nhà trọ công nhân an toàn, văn minh”",
	  "other|Thăm, tặng quà công nhân thuê trọ có hoàn cảnh khó khăn", NULL}},
	{"DA-RACTHAI", "women", ALL_DISTRICTS, ALL_COMMUNES,
	 "Đề án tuyên truyền, vận động hội viên phụ nữ phân loại rác thải sinh hoạt", "/KH-HPN",
	 500000000, 70000000, 20000000, 150000000,
	 // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one title wrapped over two lines
	 {"propaganda|Tuyên truyền phân loại rác thải sinh hoạt tại nguồn trên loa truyền thanh và "
	  "nhóm Zalo chi hội",
	  "training|Tập huấn phân loại rác thải sinh hoạt tại nguồn cho chi hội trưởng phụ nữ",
	  "conference|Hội nghị sơ kết mô hình “Khu dân cư phân loại rác tại nguồn”",
	  "emulation|Ra quân “Ngày Chủ nhật xanh” thu gom, xử lý rác thải",
	  "other|Ngày hội “Phụ nữ chung tay giảm thiểu rác thải nhựa”",
	  "other|Đổi rác tái chế lấy quà, gây quỹ hỗ trợ hội viên nghèo", NULL}},
	{"DA-OCOP", "farmers", ALL_DISTRICTS, ALL_COMMUNES,
	 "Đề án Hội Nông dân nòng cốt liên kết chuỗi giá trị, xây dựng sản phẩm OCOP", "/KH-HND",
	 600000000, 80000000, 15000000, 400000000,
	 {"training|Tập huấn xây dựng, hoàn thiện hồ sơ sản phẩm OCOP cho hợp tác xã",
	  "training|Tập huấn đưa nông sản lên sàn thương mại điện tử",
	  "conference|Hội nghị kết nối cung cầu, tiêu thụ nông sản và sản phẩm OCOP",
	  "propaganda|Tuyên truyền vận động hội viên tham gia liên kết sản xuất theo chuỗi giá trị",
	  "emulation|Phong trào “Nông dân thi đua sản xuất, kinh doanh giỏi”",
	  "other|Gian hàng sản phẩm OCOP tại hội chợ nông sản", NULL}},
	{"DA-CCB-ANTT", "veterans", ALL_DISTRICTS, ALL_COMMUNES,
	 "Đề án nâng cao vai trò Cựu chiến binh trong tự quản an ninh, trật tự", "/KH-CCB",
	 350000000, 50000000, 12000000, 0,
	 // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one title wrapped over two lines
	 {"propaganda|Tuyên truyền, phổ biến pháp luật về an ninh, trật tự cho hội viên Cựu chiến "
	  "binh",
	  "training|Tập huấn nghiệp vụ hòa giải ở cơ sở cho tổ viên tổ tự quản",
	  "conference|Giao ban tổ tự quản an ninh, trật tự do Cựu chiến binh làm nòng cốt",
	  "emulation|Phong trào “Cựu chiến binh gương mẫu” gắn với bảo vệ an ninh Tổ quốc",
	  "other|Tuần tra, giữ gìn an ninh, trật tự dịp Tết Nguyên đán", NULL}},
	{"DA-NANGLUCSO", "youth", ALL_DISTRICTS, ALL_COMMUNES,
	 "Đề án nâng cao năng lực số cho thanh thiếu niên", "-KH/HĐTN", 550000000, 60000000,
	 10000000, 200000000,
	 {"training|Tập huấn kỹ năng số cho đoàn viên, thanh niên",
	  "propaganda|Hướng dẫn người dân cài đặt, sử dụng VNeID và dịch vụ công trực tuyến",
	  "emulation|Ra quân “Đội hình thanh niên hỗ trợ chuyển đổi số”",
	  "conference|Diễn đàn “Thanh niên với chuyển đổi số”",
	  "other|Hướng dẫn tiểu thương thanh toán không dùng tiền mặt tại chợ",
	  "training|Tập huấn an toàn thông tin, phòng chống lừa đảo trên không gian mạng", NULL}},
};
const size_t demo_fplans_count = COUNT(demo_fplans);

/* Budget lines the draw may not allocate: the grassroots lines the article complains
 * about, kept whatever the draw. */
const char *const demo_unallocated[] = {
	"DA-RACTHAI 220 2023", "DA-CCB-ANTT 07684 2024", "DA-NANGLUCSO 215 2022",
	"DA-OCOP 07444 2025",  NULL,
};

#define NO_EXT NULL, NULL, NULL
#define NO_COMMENTS {NULL, NULL}

const demo_ftask demo_ftasks[] = {
	/* KH-MTTQ-DDK */
	{"KH-MTTQ-DDK", "Tổ chức hội nghị quán triệt, triển khai Kế hoạch",
	 "Quán triệt Kế hoạch đến Ủy ban MTTQ các huyện, thị xã, thành phố và các tổ chức thành "
	 "viên.",
	 "mttq-24", NULL, {"danvan-24"}, "202203", -12, 0, 0, NO_EXT, NO_COMMENTS},
	{"KH-MTTQ-DDK", "Ban hành kế hoạch thực hiện ở cấp huyện",
	 "Ủy ban MTTQ cấp huyện cụ thể hóa mục tiêu, lộ trình theo từng tháng, quý, năm.", "mttq",
	 ALL_DISTRICTS, {"party-*"}, "2022Q2", -25, 40, 0, NO_EXT, NO_COMMENTS},
	{"KH-MTTQ-DDK", "Kiện toàn Ban công tác Mặt trận ở khu dân cư", "", "mttq", ALL_COMMUNES,
	 {NULL}, "2022Q3", -20, 30, 0, NO_EXT, NO_COMMENTS},
	{"KH-MTTQ-DDK", "Hướng dẫn tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2022", "",
	 "mttq-24", NULL, {NULL}, "202210", -5, 0, 0, NO_EXT, NO_COMMENTS},
	{"KH-MTTQ-DDK",
	 "Giám sát chuyên đề việc thực hiện chính sách hỗ trợ hộ nghèo, hộ cận nghèo",
	 "Giám sát tại 03 huyện: Sơn Động, Lục Ngạn, Yên Thế.", "mttq-24", NULL, {"ubnd-24"},
	 "2023Q3", 20, 0, 0, NO_EXT,
	 {"Đề nghị Ủy ban MTTQ tỉnh sớm ban hành báo cáo kết quả giám sát để kịp đưa vào Kết luận "
	  "của Thường trực Tỉnh ủy.",
	  "Đoàn giám sát đã làm việc tại 03 huyện; đang tổng hợp ý kiến của các sở, ngành, dự kiến "
	  "ban hành báo cáo trong tháng 10."}},
	{"KH-MTTQ-DDK", "Vận động Quỹ “Vì người nghèo” hỗ trợ xây nhà Đại đoàn kết", "", "mttq",
	 "213 215 219 220", {"ubnd-*"}, "2024", -10, 20, 0, NO_EXT, NO_COMMENTS},
	{"KH-MTTQ-DDK", "Sơ kết 2 năm thực hiện Kế hoạch", "", "mttq-24", NULL, {"danvan-24"},
	 "2024Q1", -6, 0, 0, NO_EXT, NO_COMMENTS},
	{"KH-MTTQ-DDK", "Tổng kết Kế hoạch giai đoạn 2022–2025", "", "mttq-24", NULL, {"danvan-24"},
	 "2026Q1", 35, 0, 0, NO_EXT, NO_COMMENTS},
	{"KH-MTTQ-DDK", "Xây dựng Kế hoạch giai đoạn 2026–2030",
	 "Kế thừa kết quả giai đoạn 2022–2025, gắn trách nhiệm người đứng đầu.", "mttq-24", NULL,
	 {"danvan-24"}, "2026", DEMO_F_NEVER, 0, 0, NO_EXT, NO_COMMENTS},

	/* DA-NHATRO */
	{"DA-NHATRO", "Tổ chức hội nghị triển khai đề án", "", "labor-24", NULL,
	 {"ubnd-24", "youth-24"}, "202204", -8, 0, 0, NO_EXT, NO_COMMENTS},
	{"DA-NHATRO", "Khảo sát, lập danh sách nhà trọ trên địa bàn",
	 "Lập danh sách nhà trọ, số phòng, số công nhân thuê trọ; ghi rõ việc niêm yết giá và kê "
	 "khai nộp thuế.",
	 "mttq", NHATRO_DISTRICTS, {"ubnd-*"}, "2022Q3", 0, 40, 0, NO_EXT, NO_COMMENTS},
	{"DA-NHATRO", "Ký cam kết “Nhà trọ an toàn, văn minh” với chủ nhà trọ", "", "mttq",
	 NHATRO_COMMUNES, {NULL}, "2022Q4", -15, 40, 0, NO_EXT, NO_COMMENTS},
	{"DA-NHATRO", "Xây dựng mô hình điểm “Nhà trọ công nhân an toàn, văn minh”", "",
	 "mttq-07777", NULL, {"labor-24", "ubnd-222"}, "2022Q3", -10, 0, 0, NO_EXT, NO_COMMENTS},
	{"DA-NHATRO",
	 "Phối hợp kiểm tra việc niêm yết giá phòng và kê khai nộp thuế của chủ nhà trọ",
	 "Phối hợp với cơ quan thuế và UBND các huyện có khu công nghiệp.", "labor-24", NULL,
	 {"ubnd-24"}, "2023Q3", 42, 0, 0, NO_EXT,
	 {"Đề nghị Liên đoàn Lao động tỉnh báo cáo kết quả kiểm tra; nhiều chủ nhà trọ vẫn chưa "
	  "niêm yết giá phòng.",
	  "Đã kiểm tra 214 nhà trọ ở Việt Yên, Yên Dũng; cơ quan thuế đang tổng hợp số chủ nhà trọ "
	  "chưa kê khai."}},
	{"DA-NHATRO", "Rà soát, xử lý nhà trọ xây vượt mật độ, thiếu diện tích sử dụng công cộng",
	 "", "ubnd-222", NULL, {"mttq-222"}, "2024Q2", DEMO_F_NEVER, 0, 45, NO_EXT,
	 {"Đề nghị UBND huyện Việt Yên báo cáo tiến độ rà soát các khu nhà trọ xây vượt mật độ.",
	  "Đã rà soát 312 khu nhà trọ; việc xử lý vướng do nhiều công trình xây dựng trước khi có "
	  "quy hoạch."}},
	{"DA-NHATRO", "Sơ kết 3 năm thực hiện đề án", "", "labor-24", NULL, {"danvan-24"}, "2025Q1",
	 -10, 0, 0, NO_EXT, NO_COMMENTS},
	{"DA-NHATRO", "Tổng kết đề án giai đoạn 2022–2025", "", "labor-24", NULL, {"danvan-24"},
	 "2026Q1", DEMO_F_NEVER, 0, 70, NO_EXT, NO_COMMENTS},

	/* DA-RACTHAI */
	{"DA-RACTHAI", "Tổ chức hội nghị triển khai đề án", "", "women-24", NULL,
	 {"ubnd-24", "mttq-24"}, "202110", -14, 0, 0, NO_EXT, NO_COMMENTS},
	{"DA-RACTHAI", "Ban hành kế hoạch thực hiện đề án ở cấp huyện", "", "women", ALL_DISTRICTS,
	 {NULL}, "2021Q4", -20, 45, 0, NO_EXT, NO_COMMENTS},
	{"DA-RACTHAI", "Tập huấn phân loại rác cho chi hội trưởng",
	 "Phân loại theo ba nhóm của Luật Bảo vệ môi trường năm 2020.", "women",
	 "213 216 217 218 221 222 223", {NULL}, "2022Q1", -5, 35, 0, NO_EXT, NO_COMMENTS},
	{"DA-RACTHAI", "Xây dựng mô hình điểm “Khu dân cư phân loại rác tại nguồn”", "",
	 "women-07411", NULL, {"ubnd-217", "mttq-07411"}, "2022Q1", -12, 0, 0, NO_EXT,
	 NO_COMMENTS},
	{"DA-RACTHAI", "Nhân rộng mô hình phân loại rác tại nguồn ra các chi hội", "", "women",
	 "07375 07399 07378 07384 07684 07681 07339 07444", {NULL}, "2023Q2", -10, 50, 0, NO_EXT,
	 NO_COMMENTS},
	{"DA-RACTHAI", "Đề xuất phương án thu gom riêng rác đã phân loại",
	 "Rác đã phân loại tại hộ gia đình nhưng khi thu gom, vận chuyển lại đổ chung một xe.",
	 "women-217", NULL, {"ubnd-217"}, "2023Q4", 25, 0, 0, "2024-06-30",
	 "Chờ UBND huyện bố trí xe thu gom hai ngăn; đơn vị thu gom chưa ký lại hợp đồng",
	 "Công văn số 215/UBND-TNMT ngày 20/12/2023 của UBND huyện Lạng Giang",
	 {"Đề nghị Hội LHPN huyện báo cáo tiến độ, tránh tình trạng rác đã phân loại lại đổ chung "
	  "một xe.",
	  "Huyện đã thống nhất với đơn vị thu gom lịch thu riêng rác hữu cơ; đang chờ bổ sung xe "
	  "chuyên dụng."}},
	{"DA-RACTHAI", "Kiến nghị bố trí điểm tập kết, lò đốt rác tại xã Lão Hộ", "", "women-07684",
	 NULL, {"ubnd-221"}, "2024Q1", DEMO_F_NEVER, 0, 30, NO_EXT, NO_COMMENTS},
	{"DA-RACTHAI", "Ra quân “Ngày Chủ nhật xanh” thu gom rác thải", "", "women-24", NULL,
	 {NULL}, "202303", -20, 0, 0, NO_EXT, NO_COMMENTS},
	{"DA-RACTHAI", "Sơ kết 3 năm thực hiện đề án", "", "women-24", NULL, {"danvan-24"},
	 "2024Q4", -12, 0, 0, NO_EXT, NO_COMMENTS},
	{"DA-RACTHAI", "Tổng kết đề án giai đoạn 2021–2025", "", "women-24", NULL, {"danvan-24"},
	 "2026Q1", -5, 0, 0, NO_EXT, NO_COMMENTS},
	{"DA-RACTHAI", "Đề xuất đề án giai đoạn 2026–2030 về giảm thiểu rác thải nhựa", "",
	 "women-24", NULL, {"ubnd-24"}, "202612", DEMO_F_NEVER, 0, 0, NO_EXT, NO_COMMENTS},

	/* DA-OCOP */
	{"DA-OCOP", "Tổ chức hội nghị triển khai đề án", "", "farmers-24", NULL, {"ubnd-24"},
	 "202204", -7, 0, 0, NO_EXT, NO_COMMENTS},
	{"DA-OCOP", "Khảo sát nhu cầu thành lập tổ hợp tác, hợp tác xã của hội viên", "", "farmers",
	 ALL_DISTRICTS, {NULL}, "2022Q3", -10, 30, 0, NO_EXT, NO_COMMENTS},
	{"DA-OCOP", "Thành lập Chi hội nông dân nghề nghiệp trồng vải thiều", "", "farmers-219",
	 NULL, {"ubnd-219"}, "2022Q4", -20, 0, 0, NO_EXT, NO_COMMENTS},
	{"DA-OCOP", "Hỗ trợ HTX hoàn thiện hồ sơ OCOP",
	 "Hướng dẫn hồ sơ, truy xuất nguồn gốc, bao bì, nhãn mác cho sản phẩm dự thi.", "farmers",
	 "215 216 219 220 222", {"ubnd-*"}, "2023Q2", 5, 40, 0, NO_EXT, NO_COMMENTS},
	{"DA-OCOP", "Tập huấn đưa sản phẩm OCOP lên sàn thương mại điện tử", "", "farmers-24", NULL,
	 {"youth-24"}, "2023Q3", -3, 0, 0, NO_EXT, NO_COMMENTS},
	{"DA-OCOP", "Xây dựng chuỗi liên kết tiêu thụ gà đồi Yên Thế", "", "farmers-215", NULL,
	 {"ubnd-215"}, "2024Q2", -5, 0, 0, "2024-09-30",
	 "Doanh nghiệp bao tiêu điều chỉnh kế hoạch thu mua do dịch cúm gia cầm",
	 "Thông báo số 42/TB-HND ngày 20/6/2024 của Hội Nông dân huyện Yên Thế", NO_COMMENTS},
	{"DA-OCOP", "Sơ kết 2 năm thực hiện đề án", "", "farmers-24", NULL, {"danvan-24"}, "2024Q1",
	 10, 0, 0, NO_EXT, NO_COMMENTS},
	{"DA-OCOP", "Tổ chức Hội chợ nông sản, sản phẩm OCOP tỉnh", "", "farmers-24", NULL,
	 {"ubnd-24"}, "202411", -10, 0, 0, NO_EXT, NO_COMMENTS},
	{"DA-OCOP", "Tổng kết đề án giai đoạn 2022–2025", "", "farmers-24", NULL, {"danvan-24"},
	 "2026Q1", 12, 0, 0, NO_EXT, NO_COMMENTS},
	{"DA-OCOP", "Xây dựng đề án giai đoạn 2026–2030", "", "farmers-24", NULL, {"ubnd-24"},
	 "2026", DEMO_F_NEVER, 0, 0, NO_EXT, NO_COMMENTS},

	/* DA-CCB-ANTT */
	{"DA-CCB-ANTT", "Tổ chức hội nghị triển khai đề án", "", "veterans-24", NULL, {"mttq-24"},
	 "202206", -9, 0, 0, NO_EXT, NO_COMMENTS},
	{"DA-CCB-ANTT", "Thành lập tổ ANTT tự quản",
	 "Mỗi xã, phường, thị trấn ít nhất 01 tổ do hội viên Cựu chiến binh làm nòng cốt.",
	 "veterans", "07375 07411 07399 07378 07384 07684 07681 07682 07444 07339 07840", {NULL},
	 "2022Q4", -15, 70, 0, NO_EXT, NO_COMMENTS},
	{"DA-CCB-ANTT", "Tập huấn nghiệp vụ hòa giải ở cơ sở cho tổ viên tổ tự quản", "",
	 "veterans", ALL_DISTRICTS, {NULL}, "2023Q2", -5, 35, 0, NO_EXT, NO_COMMENTS},
	{"DA-CCB-ANTT", "Sơ kết 2 năm thực hiện đề án", "", "veterans-24", NULL, {"danvan-24"},
	 "2024Q2", -4, 0, 0, NO_EXT, NO_COMMENTS},
	{"DA-CCB-ANTT", "Đề xuất chế độ hỗ trợ cho thành viên tổ tự quản ANTT", "", "veterans-24",
	 NULL, {"taichinh-24"}, "2024Q4", DEMO_F_NEVER, 0, 60, NO_EXT,
	 {"Đề nghị Hội Cựu chiến binh tỉnh phối hợp Sở Tài chính hoàn thiện tờ trình trước kỳ họp "
	  "HĐND tỉnh giữa năm.",
	  "Sở Tài chính đề nghị vận dụng Nghị quyết của HĐND tỉnh về lực lượng tham gia bảo vệ "
	  "ANTT ở cơ sở; Hội đang xin ý kiến Công an tỉnh."}},
	{"DA-CCB-ANTT", "Tổng kết đề án giai đoạn 2022–2025", "", "veterans-24", NULL,
	 {"danvan-24"}, "2026Q1", -2, 0, 0, NO_EXT, NO_COMMENTS},

	/* DA-NANGLUCSO */
	{"DA-NANGLUCSO", "Tổ chức hội nghị triển khai đề án", "", "youth-24", NULL, {"ubnd-24"},
	 "202207", -10, 0, 0, NO_EXT, NO_COMMENTS},
	{"DA-NANGLUCSO", "Thành lập tổ công nghệ số cộng đồng", "", "youth", ALL_COMMUNES, {NULL},
	 "2022Q4", -10, 45, 0, NO_EXT, NO_COMMENTS},
	{"DA-NANGLUCSO", "Tập huấn kỹ năng số cho đoàn viên", "", "youth", ALL_DISTRICTS, {NULL},
	 "2023Q1", -3, 45, 0, NO_EXT, NO_COMMENTS},
	{"DA-NANGLUCSO", "Ra quân “Đội hình thanh niên hỗ trợ chuyển đổi số”", "", "youth-24", NULL,
	 {NULL}, "202307", -15, 0, 0, NO_EXT, NO_COMMENTS},
	{"DA-NANGLUCSO", "Xây dựng phần mềm quản lý đoàn viên trên nền tảng số", "", "youth-24",
	 NULL, {"taichinh-24"}, "2024", 18, 0, 0, "2025-06-30",
	 "Kinh phí thuê phần mềm được bố trí chậm (tháng 9/2024)",
	 "Tờ trình số 95-TTr/TĐTN ngày 10/12/2024 của Ban Thường vụ Tỉnh đoàn",
	 {"Đề nghị Tỉnh đoàn báo cáo lý do chậm và lộ trình đưa phần mềm vào sử dụng.",
	  "Đã chạy thử ở 03 huyện; dữ liệu đoàn viên của 07 huyện còn lại đang được chuẩn hóa."}},
	{"DA-NANGLUCSO", "Hướng dẫn người dân cài đặt VNeID, dịch vụ công trực tuyến", "", "youth",
	 "213 216 217 221 222 223", {NULL}, "2024Q2", -10, 30, 0, NO_EXT, NO_COMMENTS},
	{"DA-NANGLUCSO", "Tập huấn kỹ năng số cho đoàn viên vùng cao", "", "youth-220", NULL,
	 {"ubnd-220"}, "2025Q2", DEMO_F_NEVER, 0, 55, NO_EXT, NO_COMMENTS},
	{"DA-NANGLUCSO", "Sơ kết 3 năm thực hiện đề án", "", "youth-24", NULL, {"danvan-24"},
	 "2025Q3", -20, 0, 0, NO_EXT, NO_COMMENTS},
	{"DA-NANGLUCSO", "Tổng kết đề án giai đoạn 2022–2025", "", "youth-24", NULL, {"danvan-24"},
	 "2026Q1", 0, 0, 0, NO_EXT, NO_COMMENTS},
	{"DA-NANGLUCSO", "Triển khai phong trào “Bình dân học vụ số” trong đoàn viên, thanh niên",
	 "", "youth-24", NULL, {"ubnd-24"}, "2026Q4", DEMO_F_NEVER, 0, 0, NO_EXT, NO_COMMENTS},
};
const size_t demo_ftasks_count = COUNT(demo_ftasks);

const demo_fdoc demo_fdocs[] = {
	/* every plan */
	{NULL, "25-CT/TU", "chi_thi",
	 "Chỉ thị về tăng cường sự lãnh đạo của các cấp ủy đảng đối với việc thực hiện các kế "
	 "hoạch, đề án của Ủy ban MTTQ và các tổ chức chính trị - xã hội",
	 "party-24", "2022-01-18", NULL,
	 "Gắn trách nhiệm người đứng đầu cấp ủy, chính quyền với kết quả thực hiện các đề án."},
	{NULL, "05-HD/BDVTU", "huong_dan",
	 "Hướng dẫn xây dựng, nhân rộng mô hình điểm gắn với phong trào thi đua “Dân vận khéo”",
	 "danvan-24", "2022-04-20", NULL, ""},
	{NULL, "512-BC/TU", "bao_cao",
	 "Báo cáo kết quả thực hiện các kế hoạch, đề án của Ủy ban MTTQ và các tổ chức chính trị - "
	 "xã hội tỉnh",
	 "party-24", "2023-06-08", "2023-06-05",
	 "Trình Hội nghị đánh giá ngày 14/6/2023; nêu hạn chế: bố trí kinh phí ở cơ sở còn chậm, "
	 "ứng dụng công nghệ số chưa nhiều."},
	{NULL, "168-KL/TU", "ket_luan",
	 "Kết luận của Thường trực Tỉnh ủy tại Hội nghị đánh giá kết quả thực hiện các kế hoạch, "
	 "đề án của Ủy ban MTTQ và các tổ chức chính trị - xã hội tỉnh",
	 "party-24", "2023-06-30", "2023-06-24",
	 "Rà soát chỉ tiêu gắn với trách nhiệm người đứng đầu; ban hành văn bản chỉ đạo kịp thời; "
	 "bảo đảm kinh phí, tăng cường xã hội hóa."},
	{NULL, "2156/STC-HCSN", "cong_van",
	 "Hướng dẫn bố trí kinh phí thực hiện các đề án của MTTQ và các tổ chức chính trị - xã hội "
	 "trong dự toán ngân sách năm 2024",
	 "taichinh-24", "2023-08-18", "2023-07-31",
	 "Trả lời kiến nghị của Hội nghị ngày 14/6/2023 về bố trí kinh phí ở cấp huyện, cấp xã."},
	{NULL, "3412/UBND-NC", "cong_van",
	 "Về việc tăng cường quản lý nhà nước, phối hợp với MTTQ và các tổ chức chính trị - xã hội "
	 "thực hiện các kế hoạch, đề án",
	 "ubnd-24", "2023-09-12", "2023-09-30", ""},
	{NULL, "45-BC/TU", "bao_cao",
	 "Báo cáo tổng kết thực hiện các kế hoạch, đề án của Ủy ban MTTQ và các tổ chức chính trị "
	 "- "
	 "xã hội tỉnh giai đoạn 2021–2025",
	 "party-24", "2026-03-20", "2026-03-31", ""},

	{"KH-MTTQ-DDK", "126/KH-MTTQ-BTT", "ke_hoach",
	 "Kế hoạch phát huy vai trò nòng cốt của MTTQ để xây dựng khối đại đoàn kết dân tộc trong "
	 "tình hình mới",
	 "mttq-24", "2022-02-25", "2022-02-28", ""},
	{"KH-MTTQ-DDK", "08/HD-MTTQ-BTT", "huong_dan",
	 "Hướng dẫn tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư", "mttq-24",
	 "2022-09-15", "2022-09-30", ""},
	{"KH-MTTQ-DDK", "215/BC-MTTQ-BTT", "bao_cao", "Báo cáo sơ kết 2 năm thực hiện Kế hoạch",
	 "mttq-24", "2024-03-20", "2024-03-31", ""},

	{"DA-NHATRO", "123/QĐ-UBND", "quyet_dinh",
	 "Quyết định phê duyệt Đề án “Nhà trọ công nhân an toàn, văn minh” giai đoạn 2022–2025",
	 "ubnd-24", "2022-03-15", "2022-02-28",
	 "Phê duyệt chậm hơn thời hạn Ban Thường vụ Tỉnh ủy giao (tháng 02/2022)."},
	{"DA-NHATRO", "45/KH-LĐLĐ", "ke_hoach", "Kế hoạch triển khai Đề án “Nhà trọ công nhân an "
	 "toàn, văn minh”", "labor-24", "2022-04-05", "2022-04-15", ""},
	{"DA-NHATRO", "12/HD-LĐLĐ", "huong_dan",
	 "Hướng dẫn tiêu chí “Nhà trọ công nhân an toàn, văn minh”", "labor-24", "2022-05-10",
	 "2022-05-31", "An toàn phòng cháy, chữa cháy, điện, nước sạch; niêm yết giá; kê khai "
	 "thuế; "
	 "diện tích sử dụng công cộng."},
	{"DA-NHATRO", "1876/UBND-KT", "cong_van",
	 "Về việc kiểm tra việc kê khai nộp thuế, niêm yết giá phòng trọ", "ubnd-24", "2023-07-20",
	 "2023-07-15", ""},
	{"DA-NHATRO", "96/BC-LĐLĐ", "bao_cao", "Báo cáo sơ kết 3 năm thực hiện Đề án", "labor-24",
	 "2025-03-25", "2025-03-31", ""},

	{"DA-RACTHAI", "1256/QĐ-UBND", "quyet_dinh",
	 "Quyết định phê duyệt Đề án tuyên truyền, vận động, hướng dẫn hội viên phụ nữ thu gom, "
	 "phân loại, đổ rác thải sinh hoạt đúng quy định",
	 "ubnd-24", "2021-09-28", NULL, ""},
	{"DA-RACTHAI", "78/KH-HLHPN", "ke_hoach", "Kế hoạch triển khai Đề án phân loại rác thải "
	 "sinh hoạt", "women-24", "2021-10-12", "2021-10-31", ""},
	{"DA-RACTHAI", "06/HD-HLHPN", "huong_dan",
	 "Hướng dẫn phân loại rác thải sinh hoạt tại nguồn theo ba nhóm cho hội viên", "women-24",
	 "2021-11-05", "2021-11-30", ""},
	{"DA-RACTHAI", "09-CT/TU", "chi_thi",
	 "Chỉ thị về tăng cường công tác thu gom, vận chuyển, xử lý rác thải sinh hoạt", "party-24",
	 "2022-07-20", NULL, ""},
	{"DA-RACTHAI", "142/BC-HLHPN", "bao_cao", "Báo cáo sơ kết 3 năm thực hiện Đề án",
	 "women-24", "2024-12-18", "2024-12-20", ""},

	{"DA-OCOP", "214/QĐ-UBND", "quyet_dinh",
	 "Quyết định phê duyệt Đề án Hội Nông dân các cấp là nòng cốt trong tổ chức sản xuất theo "
	 "chuỗi giá trị, xây dựng sản phẩm OCOP",
	 "ubnd-24", "2022-03-22", NULL, ""},
	{"DA-OCOP", "52/KH-HND", "ke_hoach", "Kế hoạch triển khai Đề án", "farmers-24",
	 "2022-04-08", "2022-04-20", ""},
	{"DA-OCOP", "04/HD-HND", "huong_dan",
	 "Hướng dẫn hội viên xây dựng hồ sơ sản phẩm tham gia Chương trình OCOP", "farmers-24",
	 "2022-06-15", "2022-06-30", ""},
	{"DA-OCOP", "1520/STC-NS", "cong_van",
	 "Về cơ chế hỗ trợ kinh phí cho hợp tác xã hoàn thiện hồ sơ OCOP", "taichinh-24",
	 "2024-07-15", "2024-06-30", ""},
	{"DA-OCOP", "88/BC-HND", "bao_cao", "Báo cáo sơ kết 2 năm thực hiện Đề án", "farmers-24",
	 "2024-04-10", "2024-03-31", ""},

	{"DA-CCB-ANTT", "389/QĐ-UBND", "quyet_dinh",
	 "Quyết định phê duyệt Đề án nâng cao vai trò, trách nhiệm của hội viên Cựu chiến binh "
	 "trong hoạt động tự quản bảo đảm an ninh, trật tự",
	 "ubnd-24", "2022-05-12", NULL, ""},
	{"DA-CCB-ANTT", "31/KH-CCB", "ke_hoach", "Kế hoạch triển khai Đề án", "veterans-24",
	 "2022-06-02", "2022-06-15", ""},
	{"DA-CCB-ANTT", "02/HD-CCB", "huong_dan",
	 "Hướng dẫn thành lập, hoạt động của tổ tự quản về an ninh, trật tự do hội viên Cựu chiến "
	 "binh làm nòng cốt",
	 "veterans-24", "2022-07-10", "2022-06-30", ""},
	{"DA-CCB-ANTT", "64/BC-CCB", "bao_cao", "Báo cáo sơ kết 2 năm thực hiện Đề án",
	 "veterans-24", "2024-06-20", "2024-06-30", ""},

	{"DA-NANGLUCSO", "517/QĐ-UBND", "quyet_dinh",
	 "Quyết định phê duyệt Đề án nâng cao năng lực số cho thanh thiếu niên giai đoạn "
	 "2022–2025",
	 "ubnd-24", "2022-06-16", NULL, ""},
	{"DA-NANGLUCSO", "186-KH/TĐTN-TNNT", "ke_hoach", "Kế hoạch triển khai Đề án", "youth-24",
	 "2022-07-01", "2022-07-15", ""},
	{"DA-NANGLUCSO", "21-HD/TĐTN", "huong_dan",
	 "Hướng dẫn thành lập và hoạt động của “Đội hình thanh niên hỗ trợ chuyển đổi số”",
	 "youth-24", "2022-08-10", "2022-08-31", ""},
	{"DA-NANGLUCSO", "305-BC/TĐTN", "bao_cao", "Báo cáo sơ kết 3 năm thực hiện Đề án",
	 "youth-24", "2025-09-15", "2025-09-30", ""},
};
const size_t demo_fdocs_count = COUNT(demo_fdocs);

const demo_finspection demo_finspections[] = {
	{"dv-mttq", "KH-MTTQ-DDK", "danvan-24", "mttq-24", NULL, "giam_sat", "2023-04-18",
	 "Việc thực hiện Kế hoạch ở Ủy ban MTTQ tỉnh và các huyện Lạng Giang, Sơn Động, Hiệp Hòa",
	 "Ủy ban MTTQ tỉnh đã cụ thể hóa Kế hoạch bằng các chương trình phối hợp; 100% huyện ban "
	 "hành kế hoạch thực hiện. Hạn chế: hoạt động của Ban công tác Mặt trận ở một số khu dân "
	 "cư "
	 "còn hình thức; giám sát, phản biện xã hội ở cơ sở chưa thường xuyên. Đề nghị kiện toàn "
	 "Ban công tác Mặt trận và đưa nội dung giám sát vào chương trình phối hợp hằng năm."},
	{"ubkt-rac", "DA-RACTHAI", "ubkt-24", "women-24", NULL, "kiem_tra", "2023-09-12",
	 "Kiểm tra việc lãnh đạo, chỉ đạo thực hiện Đề án của Ban Thường vụ Hội LHPN tỉnh",
	 "Hội LHPN tỉnh triển khai Đề án bài bản, 100% cơ sở Hội tổ chức tuyên truyền; mô hình "
	 "điểm ở xã Tân Thanh hoạt động hiệu quả. Hạn chế: rác đã phân loại ở nhiều nơi vẫn bị thu "
	 "gom, vận chuyển chung một xe; kinh phí ở cơ sở bố trí chậm. Yêu cầu phối hợp tham mưu "
	 "UBND tỉnh chỉ đạo các đơn vị thu gom thu riêng rác đã phân loại."},
	{"hu-lg-rac", "DA-RACTHAI", "party-217", "women-217", NULL, "kiem_tra", "2023-11-08",
	 "Kiểm tra thực hiện Đề án tại xã Tân Thanh, Quang Thịnh và thị trấn Vôi",
	 "Hội LHPN huyện chủ động xây dựng lộ trình theo tháng, quý, năm; mô hình điểm được nhân "
	 "rộng ra 4 xã, thị trấn. Tồn tại: rác đã phân loại tại hộ vẫn bị thu gom chung; xã Quang "
	 "Thịnh chưa có điểm tập kết rác hợp vệ sinh, rác tồn lưu ven đường."},
	{"hu-vy-nt", "DA-NHATRO", "party-222", "mttq-222", NULL, "kiem_tra", "2023-10-18",
	 "Kiểm tra thực hiện Đề án nhà trọ tại các xã, thị trấn quanh khu công nghiệp Quang Châu, "
	 "Đình Trám",
	 "Ủy ban MTTQ huyện đã lập danh sách 1.240 nhà trọ, vận động 860 chủ nhà trọ ký cam kết. "
	 "Tồn tại: nhiều chủ nhà trọ xây vượt quá mật độ, không có diện tích sử dụng công cộng; "
	 "việc kê khai nộp thuế và niêm yết giá phòng chưa nghiêm túc."},
	{"dv-nt", "DA-NHATRO", "danvan-24", "labor-24", "222", "giam_sat", "2024-05-22",
	 "Giám sát việc thực hiện Đề án tại huyện Việt Yên",
	 "Đề án được triển khai đúng lộ trình; mô hình ở thị trấn Bích Động được nhân rộng. Đề "
	 "nghị "
	 "Liên đoàn Lao động tỉnh phối hợp cơ quan thuế kiểm tra việc niêm yết giá phòng và kê "
	 "khai "
	 "nộp thuế của chủ nhà trọ."},
	{"dv-ocop", "DA-OCOP", "danvan-24", "farmers-24", "219", "giam_sat", "2024-05-15",
	 "Giám sát việc hỗ trợ hợp tác xã xây dựng sản phẩm OCOP tại huyện Lục Ngạn",
	 "Hội Nông dân các cấp đã hỗ trợ 18 hợp tác xã đăng ký sản phẩm OCOP. Hạn chế: nhiều hợp "
	 "tác xã chưa đủ năng lực hoàn thiện hồ sơ, chưa có truy xuất nguồn gốc."},
	{"hu-yd-antt", "DA-CCB-ANTT", "party-221", "veterans-221", NULL, "giam_sat", "2024-08-27",
	 "Giám sát hoạt động của các tổ tự quản an ninh, trật tự do Cựu chiến binh làm nòng cốt",
	 "Các tổ tự quản góp phần giữ vững an ninh, trật tự ở khu dân cư; hòa giải thành nhiều vụ "
	 "việc. Tồn tại: một số tổ hoạt động cầm chừng do thiếu kinh phí, trang bị."},
	{"ubkt-so", "DA-NANGLUCSO", "ubkt-24", "youth-24", NULL, "kiem_tra", "2024-08-20",
	 "Kiểm tra việc thực hiện Đề án của Ban Thường vụ Tỉnh đoàn",
	 "Tỉnh đoàn triển khai nhiều mô hình thanh niên hỗ trợ chuyển đổi số. Hạn chế: hoạt động "
	 "ứng dụng công nghệ thông tin, công nghệ số chưa nhiều; nhiều cơ sở Đoàn chưa dùng phần "
	 "mềm quản lý đoàn viên."},
	{"dv-rac-lh", "DA-RACTHAI", "danvan-24", "women-221", "07684", "giam_sat", "2024-10-16",
	 "Giám sát thực hiện Đề án tại xã Lão Hộ, huyện Yên Dũng",
	 "Hội viên phân loại rác tại hộ tốt, nhưng địa phương chưa bố trí được bãi rác, lò đốt rác "
	 "phù hợp nên rác tồn lưu, gây ô nhiễm môi trường. Đề nghị UBND huyện Yên Dũng sớm có giải "
	 "pháp."},
	{"tu-bg-so", "DA-NANGLUCSO", "party-213", "youth-213", NULL, "giam_sat", "2025-04-09",
	 "Giám sát hoạt động của “Đội hình thanh niên hỗ trợ chuyển đổi số” ở các phường",
	 "Thành đoàn thực hiện tốt Đề án; 100% phường có đội hình hỗ trợ chuyển đổi số, mô hình ở "
	 "phường Trần Nguyên Hãn được công nhận “Dân vận khéo”. Không có kiến nghị."},
	{"ubkt-antt", "DA-CCB-ANTT", "ubkt-24", "veterans-24", NULL, "kiem_tra", "2025-10-14",
	 "Kiểm tra việc tổng kết Đề án của Ban Thường vụ Hội Cựu chiến binh tỉnh",
	 "Đề án đạt và vượt các chỉ tiêu; 100% xã có tổ tự quản. Chế độ hỗ trợ thành viên tổ tự "
	 "quản chưa được giải quyết dứt điểm."},
};
const size_t demo_finspections_count = COUNT(demo_finspections);

const demo_ffinding demo_ffindings[] = {
	/* at the conference of 14/6/2023 */
	{NULL, "recommendation", "24",
	 "Kiến nghị Sở Tài chính bố trí kinh phí tổ chức thực hiện và hướng dẫn bố trí ngân sách "
	 "thực hiện các đề án đối với các địa phương",
	 "Việc bố trí kinh phí triển khai thực hiện các đề án ở một số đơn vị cơ sở còn chậm; "
	 "nhiều "
	 "huyện chưa đưa kinh phí thực hiện đề án vào dự toán.",
	 "danvan-24", "taichinh-24", "high", "2023-06-14", "2023-07-31", "direct", NULL,
	 "Sở Tài chính đã ban hành Công văn số 2156/STC-HCSN ngày 18/8/2023 hướng dẫn các huyện, "
	 "thị "
	 "xã, thành phố bố trí kinh phí thực hiện các đề án trong dự toán năm 2024 và tham mưu "
	 "UBND "
	 "tỉnh bổ sung 1,2 tỷ đồng cho các đề án năm 2023.",
	 "2023-08-18", "resolved", "2023-10-05", 0, 0},
	{"KH-MTTQ-DDK", "recommendation", "24",
	 "Đề nghị UBND tỉnh chỉ đạo các ngành chức năng tăng cường quản lý nhà nước trên các lĩnh "
	 "vực liên quan đến nhiệm vụ của các kế hoạch, đề án",
	 "", "mttq-24", "ubnd-24", "medium", "2023-06-14", "2023-09-30", "direct", NULL,
	 "UBND tỉnh đã ban hành Công văn số 3412/UBND-NC ngày 12/9/2023 chỉ đạo các sở, ngành và "
	 "UBND "
	 "các huyện, thị xã, thành phố phối hợp với MTTQ và các tổ chức chính trị - xã hội thực "
	 "hiện "
	 "các đề án.",
	 "2023-09-12", "resolved", "2023-11-20", 0, 0},
	{"DA-NANGLUCSO", "limitation", "24",
	 "Hoạt động ứng dụng công nghệ thông tin, công nghệ số chưa nhiều",
	 "Nhiều cơ sở Đoàn còn quản lý đoàn viên trên sổ sách; ít hoạt động trực tuyến.",
	 "danvan-24", "youth-24", "medium", "2023-06-14", "2023-12-31", "direct", NULL,
	 "Tỉnh đoàn đã triển khai “Đội hình thanh niên hỗ trợ chuyển đổi số” ở 100% xã, phường, "
	 "thị trấn và xây dựng phần mềm quản lý đoàn viên.",
	 "2024-01-10", "resolved", "2024-03-01", 0, 0},
	{"DA-NHATRO", "limitation", "24",
	 "Hoạt động kê khai nộp thuế và niêm yết giá phòng trọ của một số chủ nhà trọ thực hiện "
	 "chưa nghiêm túc",
	 "", "labor-24", "ubnd-24", "medium", "2023-06-14", "2023-09-30", "report", NULL,
	 "UBND tỉnh đã ban hành Công văn số 1876/UBND-KT giao Cục Thuế tỉnh phối hợp UBND các "
	 "huyện "
	 "kiểm tra việc kê khai nộp thuế, niêm yết giá phòng trọ.",
	 "2023-07-20", "answered", NULL, 0, 0},

	/* boarding houses */
	{"DA-NHATRO", "problem", "07777",
	 "Một số chủ nhà trọ chưa kê khai nộp thuế, chưa niêm yết giá phòng trọ",
	 "Qua khảo sát 126 nhà trọ ở thị trấn Bích Động, 41 chủ nhà trọ chưa niêm yết giá phòng.",
	 "mttq-07777", "ubnd-222", "medium", "2023-03-20", "2023-06-30", "direct", NULL,
	 "UBND huyện đã chỉ đạo Chi cục Thuế khu vực phối hợp kiểm tra 126 nhà trọ, hướng dẫn 98 "
	 "chủ nhà trọ kê khai.",
	 "2023-07-10", "resolved", "2023-09-15", 0, 0},
	{"DA-NHATRO", "problem", "07807",
	 "Chủ nhà trọ quanh khu công nghiệp Quang Châu chưa niêm yết giá phòng, chưa kê khai nộp "
	 "thuế",
	 "", "danvan-24", "ubnd-222", "medium", "2024-05-22", "2024-08-31", "inspection", "dv-nt",
	 "Đã giao UBND xã Quang Châu phối hợp cơ quan thuế kiểm tra, lập danh sách chủ nhà trọ "
	 "chưa "
	 "kê khai.",
	 "2024-08-26", "answered", NULL, 0, 0},
	{"DA-NHATRO", "problem", "07681",
	 "Chủ nhà trọ ở thị trấn Nham Biền chưa niêm yết giá điện, nước theo quy định", "",
	 "mttq-07681", "ubnd-221", "low", "2024-05-16", "2024-08-31", "direct", NULL,
	 "UBND huyện đã yêu cầu các chủ nhà trọ niêm yết giá điện, nước theo giá bán lẻ của ngành "
	 "điện và đơn vị cấp nước.",
	 "2024-08-22", "resolved", "2024-10-02", 0, 0},
	{"DA-NHATRO", "problem", "07840",
	 "Nhiều chủ nhà trọ ở thị trấn Thắng chưa kê khai nộp thuế", "", "mttq-07840",
	 "ubnd-223", "medium", "2025-03-12", "2026-12-15", "direct", NULL, NULL, NULL, "open",
	 NULL, 0, 0},
	{"DA-NHATRO", "problem", "222",
	 "Nhiều chủ nhà trọ xây vượt quá mật độ, không có các diện tích sử dụng công cộng",
	 "Khu nhà trọ thiếu lối thoát nạn, không có sân chơi, nhà để xe chung.", "party-222",
	 "ubnd-222", "high", "2023-10-18", "2024-03-31", "inspection", "hu-vy-nt",
	 "UBND huyện đã rà soát 312 khu nhà trọ, xử lý 27 trường hợp xây dựng sai phép; yêu cầu bố "
	 "trí diện tích sinh hoạt chung khi cấp phép mới.",
	 "2024-03-25", "answered", NULL, 0, 0},
	{"DA-NHATRO", "recommendation", "24",
	 "Đề nghị bổ sung kinh phí hỗ trợ cải tạo phòng cháy, khu vệ sinh chung ở khu nhà trọ kiểu "
	 "mẫu",
	 "", "labor-24", "taichinh-24", "medium", "2025-03-28", "2026-12-31", "direct", NULL, NULL,
	 NULL, "open", NULL, 0, 0},

	/* waste */
	{"DA-RACTHAI", "problem", "07411",
	 "Rác đã phân loại tại hộ gia đình nhưng khi thu gom, vận chuyển lại đổ chung một xe",
	 "Người dân mất niềm tin vào việc phân loại rác khi thấy xe thu gom đổ chung.",
	 "women-07411", "ubnd-217", "medium", "2022-11-25", "2023-03-31", "report", NULL,
	 "Đã yêu cầu đơn vị thu gom bố trí xe chuyên dụng hai ngăn; thu gom rác hữu cơ riêng vào "
	 "thứ Ba, Năm, Bảy.",
	 "2023-04-12", "resolved", "2023-08-30", 0, 0},
	{"DA-RACTHAI", "problem", "07684",
	 "Rác thải sau phân loại vẫn bị thu gom, vận chuyển chung một xe", "", "women-07684",
	 "ubnd-221", "medium", "2023-05-20", "2023-09-30", "report", NULL,
	 "Huyện chưa đủ kinh phí đầu tư xe thu gom riêng; sẽ đưa vào kế hoạch năm 2024.",
	 "2023-10-25", "answered", NULL, 0, 0},
	{"DA-RACTHAI", "limitation", "24",
	 "Việc thu gom, vận chuyển rác sau phân loại ở nhiều nơi vẫn đổ chung một xe", "",
	 "ubkt-24", "ubnd-24", "medium", "2023-09-12", "2023-12-31", "inspection", "ubkt-rac",
	 "UBND tỉnh đã chỉ đạo Sở Tài nguyên và Môi trường hướng dẫn các đơn vị thu gom thu riêng "
	 "rác đã phân loại.",
	 "2023-12-05", "resolved", "2024-02-20", 0, 0},
	{"DA-RACTHAI", "problem", "07384",
	 "Địa phương chưa bố trí được bãi rác, lò đốt rác phù hợp nên dẫn đến tồn lưu rác, gây ô "
	 "nhiễm môi trường",
	 "Rác tồn lưu ven đường liên xã; điểm tập kết tạm quá tải.", "party-217", "ubnd-217",
	 "high", "2023-11-08", "2024-06-30", "inspection", "hu-lg-rac", NULL, NULL, "open", NULL, 0,
	 1},
	{"DA-RACTHAI", "problem", "07684",
	 "Xã Lão Hộ chưa có bãi rác, lò đốt rác; rác tồn lưu gây ô nhiễm môi trường", "",
	 "danvan-24", "ubnd-221", "high", "2024-10-16", "2025-03-31", "inspection", "dv-rac-lh",
	 "Huyện đã phê duyệt chủ trương đầu tư lò đốt rác công suất 1 tấn/giờ tại xã Lão Hộ, dự "
	 "kiến vận hành quý IV/2025.",
	 "2025-04-20", "answered", NULL, 0, 0},
	{"DA-RACTHAI", "problem", "220",
	 "Các xã vùng cao chưa có điểm tập kết, xử lý rác thải; rác tồn lưu ở khu dân cư", "",
	 "women-220", "ubnd-220", "high", "2025-06-10", "2025-09-30", "direct", NULL, NULL, NULL,
	 "open", NULL, 0, 0},
	{"DA-RACTHAI", "recommendation", "24",
	 "Đề nghị bố trí kinh phí hỗ trợ xây dựng mô hình điểm phân loại rác tại nguồn năm 2024",
	 "", "women-24", "taichinh-24", "medium", "2023-11-10", "2024-01-31", "direct", NULL,
	 "Sở Tài chính đã tham mưu UBND tỉnh bố trí 350 triệu đồng trong dự toán năm 2024 để hỗ "
	 "trợ "
	 "xây dựng mô hình điểm.",
	 "2024-01-25", "resolved", "2024-03-10", 0, 0},

	/* late money at the grassroots */
	{"DA-RACTHAI", "limitation", "217",
	 "Kinh phí thực hiện đề án ở cấp xã bố trí chậm", "Đến tháng 5 nhiều xã chưa có kinh phí.",
	 "women-217", "ubnd-217", "medium", "2023-06-05", "2023-09-30", "report", NULL,
	 "UBND huyện đã bổ sung dự toán cho 5 xã, thị trấn thực hiện đề án.", "2023-10-20",
	 "resolved", "2024-01-15", 0, 0},
	{"DA-OCOP", "limitation", "216",
	 "Kinh phí hỗ trợ hội viên xây dựng sản phẩm OCOP được bố trí chậm", "", "farmers-216",
	 "ubnd-216", "medium", "2024-04-08", "2024-06-30", "report", NULL,
	 "Huyện đã giao kinh phí bổ sung trong tháng 7/2024.", "2024-07-18", "answered", NULL, 0,
	 0},
	{"DA-CCB-ANTT", "limitation", "221",
	 "Chưa bố trí kinh phí hỗ trợ hoạt động của tổ tự quản an ninh, trật tự", "",
	 "veterans-221", "ubnd-221", "medium", "2024-07-10", "2024-09-30", "report", NULL, NULL,
	 NULL, "open", NULL, 0, 0},
	{"DA-NANGLUCSO", "recommendation", "220",
	 "Đề nghị hỗ trợ thiết bị, đường truyền internet ở thôn vùng cao để tập huấn kỹ năng số",
	 "", "youth-220", "ubnd-220", "low", "2024-09-05", "2024-12-31", "direct", NULL,
	 "Ngân sách huyện không còn nguồn; đề nghị Huyện đoàn vận động doanh nghiệp viễn thông hỗ "
	 "trợ.",
	 "2024-12-10", "declined", "2025-01-08", 0, 0},

	/* money from the province */
	{"DA-OCOP", "recommendation", "24",
	 "Đề nghị hướng dẫn cơ chế hỗ trợ kinh phí cho hợp tác xã hoàn thiện hồ sơ OCOP", "",
	 "farmers-24", "taichinh-24", "medium", "2024-04-05", "2024-06-30", "direct", NULL,
	 "Sở Tài chính đã ban hành Công văn số 1520/STC-NS hướng dẫn nội dung, mức hỗ trợ.",
	 "2024-07-15", "answered", NULL, 0, 0},
	{"DA-CCB-ANTT", "recommendation", "24",
	 "Đề nghị bố trí kinh phí hỗ trợ thành viên tổ tự quản an ninh, trật tự", "",
	 "veterans-24", "taichinh-24", "medium", "2024-10-10", "2024-12-31", "direct", NULL,
	 "Nội dung chi đã có trong Nghị quyết của HĐND tỉnh về lực lượng tham gia bảo vệ an ninh, "
	 "trật tự ở cơ sở; đề nghị Hội vận dụng, không bố trí thêm.",
	 "2025-01-20", "declined", "2025-02-15", 0, 0},
	{"KH-MTTQ-DDK", "recommendation", "24",
	 "Đề nghị hướng dẫn quản lý, sử dụng nguồn xã hội hóa hỗ trợ xây nhà Đại đoàn kết", "",
	 "mttq-24", "taichinh-24", "medium", "2025-08-20", "2025-10-31", "direct", NULL, NULL, NULL,
	 "open", NULL, 0, 0},

	/* from inspections */
	{"KH-MTTQ-DDK", "limitation", "24",
	 "Hoạt động của Ban công tác Mặt trận ở một số khu dân cư còn hình thức", "", "danvan-24",
	 "mttq-24", "medium", "2023-04-18", "2023-10-31", "inspection", "dv-mttq",
	 "Đã kiện toàn 312 Ban công tác Mặt trận, tập huấn nghiệp vụ cho trưởng ban.", "2023-10-12",
	 "resolved", "2023-12-01", 0, 0},
	{"DA-OCOP", "limitation", "219",
	 "Nhiều hợp tác xã chưa đủ năng lực hoàn thiện hồ sơ OCOP, sản phẩm chưa có truy xuất "
	 "nguồn gốc",
	 "", "danvan-24", "ubnd-219", "medium", "2024-05-15", "2024-09-30", "inspection", "dv-ocop",
	 "Huyện đã hỗ trợ 12 hợp tác xã cấp mã QR truy xuất nguồn gốc cho vải thiều.", "2024-09-18",
	 "resolved", "2024-11-05", 0, 0},
	{"DA-CCB-ANTT", "problem", "221",
	 "Một số tổ tự quản an ninh, trật tự hoạt động cầm chừng do thiếu kinh phí, trang bị", "",
	 "party-221", "ubnd-221", "medium", "2024-08-27", "2024-12-31", "inspection", "hu-yd-antt",
	 "Huyện đã cấp áo phản quang, đèn pin cho 28 tổ tự quản.", "2024-12-20", "resolved",
	 "2025-01-10", 0, 0},
	{"DA-NANGLUCSO", "limitation", "24",
	 "Nhiều cơ sở Đoàn chưa dùng phần mềm quản lý đoàn viên; tỷ lệ đoàn viên được tập huấn kỹ "
	 "năng số còn thấp",
	 "", "ubkt-24", "youth-24", "medium", "2024-08-20", "2024-12-31", "inspection", "ubkt-so",
	 "Tỉnh đoàn đã thuê phần mềm quản lý đoàn viên, chạy thử ở 03 huyện.", "2025-01-15", "open",
	 NULL, 1, 0},
	{"DA-CCB-ANTT", "limitation", "24",
	 "Chế độ hỗ trợ cho thành viên tổ tự quản an ninh, trật tự chưa được giải quyết dứt điểm",
	 "", "ubkt-24", "veterans-24", "low", "2025-10-14", "2026-03-31", "inspection", "ubkt-antt",
	 "Hội đã phối hợp Công an tỉnh đề xuất lồng ghép vào chế độ của lực lượng bảo vệ an ninh, "
	 "trật tự ở cơ sở.",
	 "2026-03-25", "answered", NULL, 0, 0},
};
const size_t demo_ffindings_count = COUNT(demo_ffindings);

const demo_fmodel demo_fmodels[] = {
	/* boarding houses */
	{"nt", NULL, "DA-NHATRO", "07777", "mttq-07777",
	 "Mô hình “Nhà trọ công nhân an toàn, văn minh” tại thị trấn Bích Động", "Nhà trọ",
	 "2022-09-05",
	 "32 khu nhà trọ với 640 phòng đạt tiêu chí an toàn phòng cháy, chữa cháy, niêm yết giá "
	 "phòng công khai; 05 tổ tự quản khu nhà trọ.",
	 "2023-12-20"},
	{"nt-qc", "nt", "DA-NHATRO", "07807", "mttq-222",
	 "Mô hình “Nhà trọ công nhân an toàn, văn minh” tại xã Quang Châu", "Nhà trọ", "2023-03-10",
	 "18 khu nhà trọ đạt tiêu chí; chủ nhà trọ ký cam kết niêm yết giá.", NULL},
	{"nt-nb", "nt", "DA-NHATRO", "07681", "mttq-07681",
	 "Mô hình “Nhà trọ công nhân an toàn, văn minh” tại thị trấn Nham Biền", "Nhà trọ",
	 "2023-05-15", "", NULL},
	{"nt-ta", "nt-nb", "DA-NHATRO", "07682", "mttq-07682",
	 "Mô hình “Nhà trọ công nhân an toàn, văn minh” tại thị trấn Tân An", "Nhà trọ",
	 "2024-02-20", "", NULL},
	{"nt-th", "nt", "DA-NHATRO", "07840", "mttq-07840",
	 "Mô hình “Nhà trọ công nhân an toàn, văn minh” tại thị trấn Thắng", "Nhà trọ",
	 "2024-04-08", "", NULL},
	{"nt-sk", "nt-qc", "DA-NHATRO", "07705", "mttq-213",
	 "Mô hình “Nhà trọ công nhân an toàn, văn minh” tại xã Song Khê", "Nhà trọ", "2025-03-12",
	 "", NULL},

	/* waste */
	{"rt", NULL, "DA-RACTHAI", "07411", "women-07411",
	 "Mô hình “Khu dân cư phân loại rác tại nguồn” tại xã Tân Thanh", "Phân loại rác",
	 "2022-03-08",
	 "85% hộ hội viên phân loại rác thành ba nhóm; lượng rác phải chôn lấp giảm khoảng 30%; "
	 "tiền bán rác tái chế hỗ trợ 12 hội viên nghèo.",
	 "2023-05-19"},
	{"rt-voi", "rt", "DA-RACTHAI", "07375", "women-07375",
	 "Mô hình “Khu dân cư phân loại rác tại nguồn” tại thị trấn Vôi", "Phân loại rác",
	 "2022-10-10", "", NULL},
	{"rt-kep", "rt", "DA-RACTHAI", "07399", "women-07399",
	 "Mô hình “Khu dân cư phân loại rác tại nguồn” tại thị trấn Kép", "Phân loại rác",
	 "2023-03-15", "", NULL},
	{"rt-nh", "rt", "DA-RACTHAI", "07378", "women-07378",
	 "Mô hình “Khu dân cư phân loại rác tại nguồn” tại xã Nghĩa Hòa", "Phân loại rác",
	 "2023-04-20", "", NULL},
	{"rt-qt", "rt", "DA-RACTHAI", "07384", "women-07384",
	 "Mô hình “Khu dân cư phân loại rác tại nguồn” tại xã Quang Thịnh", "Phân loại rác",
	 "2023-05-05", "Hộ phân loại tốt nhưng xã chưa có điểm tập kết hợp vệ sinh.", NULL},
	{"rt-lh", "rt", "DA-RACTHAI", "07684", "women-07684",
	 "Mô hình “Khu dân cư phân loại rác tại nguồn” tại xã Lão Hộ", "Phân loại rác",
	 "2023-06-01", "", NULL},
	{"rt-ct", "rt-voi", "DA-RACTHAI", "07339", "women-07339",
	 "Mô hình “Khu dân cư phân loại rác tại nguồn” tại thị trấn Cao Thượng", "Phân loại rác",
	 "2023-09-12", "", NULL},
	{"rt-ta", "rt-lh", "DA-RACTHAI", "07682", "women-07682",
	 "Mô hình “Khu dân cư phân loại rác tại nguồn” tại thị trấn Tân An", "Phân loại rác",
	 "2024-03-20", "", NULL},
	{"rt-dn", "rt-voi", "DA-RACTHAI", "07444", "women-07444",
	 "Mô hình “Khu dân cư phân loại rác tại nguồn” tại thị trấn Đồi Ngô", "Phân loại rác",
	 "2024-09-10", "", NULL},
	{"nx", NULL, "DA-RACTHAI", "07201", "women-07201",
	 "Mô hình “Ngôi nhà xanh” thu gom phế liệu gây quỹ tại phường Thọ Xương", "Phân loại rác",
	 "2022-08-15", "Mỗi năm gây quỹ hơn 40 triệu đồng giúp hội viên nghèo.", NULL},
	{"nx-tnh", "nx", "DA-RACTHAI", "07204", "women-07204",
	 "Mô hình “Ngôi nhà xanh” thu gom phế liệu gây quỹ tại phường Trần Nguyên Hãn",
	 "Phân loại rác", "2023-07-01", "", NULL},

	/* security */
	{"an", NULL, "DA-CCB-ANTT", "07684", "veterans-07684",
	 "Mô hình “Tổ tự quản ANTT do CCB làm nòng cốt” tại xã Lão Hộ", "An ninh, trật tự",
	 "2022-08-20",
	 "Tổ 12 thành viên tuần tra hằng đêm; hòa giải thành 14/15 vụ việc; không phát sinh trộm "
	 "cắp "
	 "tài sản.",
	 "2024-05-15"},
	{"an-nb", "an", "DA-CCB-ANTT", "07681", "veterans-07681",
	 "Mô hình “Tổ tự quản ANTT do CCB làm nòng cốt” tại thị trấn Nham Biền", "An ninh, trật tự",
	 "2023-02-14", "", NULL},
	{"an-ta", "an", "DA-CCB-ANTT", "07682", "veterans-07682",
	 "Mô hình “Tổ tự quản ANTT do CCB làm nòng cốt” tại thị trấn Tân An", "An ninh, trật tự",
	 "2023-03-01", "", NULL},
	{"an-dn", "an", "DA-CCB-ANTT", "07444", "veterans-07444",
	 "Mô hình “Tổ tự quản ANTT do CCB làm nòng cốt” tại thị trấn Đồi Ngô", "An ninh, trật tự",
	 "2023-08-10", "", NULL},
	{"an-ct", "an-dn", "DA-CCB-ANTT", "07339", "veterans-07339",
	 "Mô hình “Tổ tự quản ANTT do CCB làm nòng cốt” tại thị trấn Cao Thượng",
	 "An ninh, trật tự", "2024-04-15", "", NULL},
	{"an-tt", "an-nb", "DA-CCB-ANTT", "07411", "veterans-07411",
	 "Mô hình “Tổ tự quản ANTT do CCB làm nòng cốt” tại xã Tân Thanh", "An ninh, trật tự",
	 "2024-06-20", "", NULL},

	/* OCOP */
	{"oc", NULL, "DA-OCOP", "07612", "farmers-219",
	 "Chi hội nông dân nghề nghiệp trồng vải thiều VietGAP xã Phượng Sơn", "Liên kết sản xuất",
	 "2022-11-10",
	 "45 hội viên, 38 ha vải thiều VietGAP; vải thiều Phượng Sơn đạt OCOP 4 sao; giá bán cao "
	 "hơn 15–20%.",
	 "2024-10-15"},
	{"oc-hg", "oc", "DA-OCOP", "07561", "farmers-219",
	 "Chi hội nông dân nghề nghiệp trồng vải sớm xã Hồng Giang", "Liên kết sản xuất",
	 "2023-03-20", "", NULL},
	{"oc-dt", "oc", "DA-OCOP", "07260", "farmers-215",
	 "Chi hội nông dân nghề nghiệp nuôi gà đồi xã Đồng Tâm", "Liên kết sản xuất", "2023-05-05",
	 "Liên kết tiêu thụ 120 tấn gà đồi Yên Thế mỗi năm.", NULL},
	{"oc-ts", "oc-dt", "DA-OCOP", "07291", "farmers-215",
	 "Chi hội nông dân nghề nghiệp nuôi gà thả đồi xã Tân Sỏi", "Liên kết sản xuất",
	 "2024-03-11", "", NULL},
	{"oc-vl", NULL, "DA-OCOP", "07354", "farmers-216",
	 "Tổ hợp tác sản xuất lạc giống xã Việt Lập", "Liên kết sản xuất", "2023-02-20", "", NULL},

	/* digital skills */
	{"so", NULL, "DA-NANGLUCSO", "07204", "youth-07204",
	 "Đội hình thanh niên hỗ trợ chuyển đổi số phường Trần Nguyên Hãn", "Chuyển đổi số",
	 "2022-09-01",
	 "Hướng dẫn 3.200 lượt người dân cài đặt VNeID, nộp hồ sơ trực tuyến; 100% hộ kinh doanh "
	 "trên các tuyến phố chính nhận thanh toán bằng mã QR.",
	 "2023-11-28"},
	{"so-tx", "so", "DA-NANGLUCSO", "07201", "youth-07201",
	 "Đội hình thanh niên hỗ trợ chuyển đổi số phường Thọ Xương", "Chuyển đổi số", "2023-01-10",
	 "", NULL},
	{"so-voi", "so", "DA-NANGLUCSO", "07375", "youth-07375",
	 "Đội hình thanh niên hỗ trợ chuyển đổi số thị trấn Vôi", "Chuyển đổi số", "2023-04-05", "",
	 NULL},
	{"so-tt", "so-voi", "DA-NANGLUCSO", "07411", "youth-07411",
	 "Đội hình thanh niên hỗ trợ chuyển đổi số xã Tân Thanh", "Chuyển đổi số", "2023-10-12", "",
	 NULL},
	{"so-bd", "so", "DA-NANGLUCSO", "07777", "youth-07777",
	 "Đội hình thanh niên hỗ trợ chuyển đổi số thị trấn Bích Động", "Chuyển đổi số",
	 "2023-06-15", "", NULL},
	{"so-th", "so-bd", "DA-NANGLUCSO", "07840", "youth-07840",
	 "Đội hình thanh niên hỗ trợ chuyển đổi số thị trấn Thắng", "Chuyển đổi số", "2024-05-20",
	 "", NULL},

	/* great unity */
	{"dk", NULL, "KH-MTTQ-DDK", "07411", "mttq-07411",
	 "Mô hình “Khu dân cư đoàn kết, tự quản, văn minh” tại xã Tân Thanh", "Đại đoàn kết",
	 "2022-06-10", "100% khu dân cư đạt danh hiệu khu dân cư văn hóa; không có đơn thư vượt "
	 "cấp.",
	 "2024-11-18"},
	{"dk-kep", "dk", "KH-MTTQ-DDK", "07399", "mttq-07399",
	 "Mô hình “Khu dân cư đoàn kết, tự quản, văn minh” tại thị trấn Kép", "Đại đoàn kết",
	 "2023-05-18", "", NULL},
	{"dk-nh", "dk", "KH-MTTQ-DDK", "07378", "mttq-07378",
	 "Mô hình “Khu dân cư đoàn kết, tự quản, văn minh” tại xã Nghĩa Hòa", "Đại đoàn kết",
	 "2024-03-06", "", NULL},
};
const size_t demo_fmodels_count = COUNT(demo_fmodels);

#define CONFERENCE                                                                        \
	"Hội nghị đánh giá kết quả thực hiện các kế hoạch, đề án của Ủy ban MTTQ và các tổ "  \
	"chức chính trị - xã hội tỉnh"

const demo_factivity demo_factivities[] = {
	{"KH-MTTQ-DDK", "party-24", "conference", CONFERENCE, "2023-06-14", 180},
	{"DA-NHATRO", "party-24", "conference", CONFERENCE, "2023-06-14", 180},
	{"DA-RACTHAI", "party-24", "conference", CONFERENCE, "2023-06-14", 180},
	{"DA-OCOP", "party-24", "conference", CONFERENCE, "2023-06-14", 180},
	{"DA-CCB-ANTT", "party-24", "conference", CONFERENCE, "2023-06-14", 180},
	{"DA-NANGLUCSO", "party-24", "conference", CONFERENCE, "2023-06-14", 180},
	{"KH-MTTQ-DDK", "danvan-24", "emulation",
	 "Hội nghị biểu dương điển hình “Dân vận khéo” năm 2023", "2023-11-28", 250},
	{"DA-RACTHAI", "danvan-24", "emulation",
	 "Hội nghị biểu dương điển hình “Dân vận khéo” năm 2024", "2024-11-26", 260},
	{"DA-NANGLUCSO", "danvan-24", "emulation",
	 "Hội nghị biểu dương điển hình “Dân vận khéo” năm 2025", "2025-11-25", 240},
	{"KH-MTTQ-DDK", "party-217", "conference",
	 "Hội nghị chia sẻ kinh nghiệm xây dựng lộ trình theo tháng, quý, năm và nhân rộng mô hình "
	 "điểm",
	 "2023-08-22", 120},
};
const size_t demo_factivities_count = COUNT(demo_factivities);
