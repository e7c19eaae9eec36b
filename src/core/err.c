/* err.c — mapping of error kinds to HTTP statuses, codes and default messages. */
#include "core/err.h"

int td_err_status(tderr e)
{
	switch (e) {
	case TD_OK: return 200;
	case TD_EBADREQ: return 400;
	case TD_EUNAUTH: return 401;
	case TD_EFORBIDDEN: return 403;
	case TD_ENOTFOUND: return 404;
	case TD_ECONFLICT: return 409;
	case TD_ETOOLARGE: return 413;
	case TD_EINVALID: return 422;
	case TD_ETHROTTLED: return 429;
	case TD_EUNAVAIL: return 503;
	case TD_ENOSPACE: return 507;
	case TD_EINTERNAL: break;
	}
	return 500;
}

const char *td_err_code(tderr e)
{
	switch (e) {
	case TD_OK: return "ok";
	case TD_EBADREQ: return "bad_request";
	case TD_EUNAUTH: return "unauthenticated";
	case TD_EFORBIDDEN: return "forbidden";
	case TD_ENOTFOUND: return "not_found";
	case TD_ECONFLICT: return "conflict";
	case TD_ETOOLARGE: return "payload_too_large";
	case TD_EINVALID: return "invalid";
	case TD_ETHROTTLED: return "too_many_requests";
	case TD_EUNAVAIL: return "unavailable";
	case TD_ENOSPACE: return "insufficient_storage";
	case TD_EINTERNAL: break;
	}
	return "internal_error";
}

const char *td_err_message(tderr e)
{
	switch (e) {
	case TD_OK: return "Thành công";
	case TD_EBADREQ: return "Yêu cầu không hợp lệ";
	case TD_EUNAUTH: return "Chưa đăng nhập hoặc phiên đã hết hạn";
	case TD_EFORBIDDEN: return "Không có quyền thực hiện thao tác này";
	case TD_ENOTFOUND: return "Không tìm thấy";
	case TD_ECONFLICT: return "Dữ liệu đã bị thay đổi bởi người khác, vui lòng tải lại";
	case TD_ETOOLARGE: return "Dữ liệu gửi lên quá lớn";
	case TD_EINVALID: return "Dữ liệu không hợp lệ";
	case TD_ETHROTTLED: return "Quá nhiều lần thử, vui lòng đợi rồi thử lại";
	case TD_EUNAVAIL: return "Hệ thống đang bận, vui lòng thử lại";
	case TD_ENOSPACE: return "Hết dung lượng lưu trữ, dữ liệu chưa được ghi";
	case TD_EINTERNAL: break;
	}
	return "Lỗi hệ thống";
}
