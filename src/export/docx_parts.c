/* docx_parts.c — the package around the body: content types, relationships, the
 * named styles (Times New Roman 14 pt body, 13 pt tables), settings, the footers
 * with the page number, core properties; zipped in memory with libzip. */
#include "export/docx_int.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PR "http://schemas.openxmlformats.org/package/2006/relationships"
#define CT_WML "application/vnd.openxmlformats-officedocument.wordprocessingml."

static const char CONTENT_TYPES[] =
	XML_DECL
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" "
	"ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"" CT_WML "document.main+xml\"/>"
	"<Override PartName=\"/word/styles.xml\" ContentType=\"" CT_WML "styles+xml\"/>"
	"<Override PartName=\"/word/settings.xml\" ContentType=\"" CT_WML "settings+xml\"/>"
	"<Override PartName=\"/word/footer1.xml\" ContentType=\"" CT_WML "footer+xml\"/>"
	"<Override PartName=\"/word/footer2.xml\" ContentType=\"" CT_WML "footer+xml\"/>"
	"<Override PartName=\"/docProps/core.xml\" "
	"ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
	"</Types>";

static const char PACKAGE_RELS[] =
	XML_DECL
	"<Relationships xmlns=\"" NS_PR "\">"
	"<Relationship Id=\"rId1\" Type=\"" NS_R "/officeDocument\" Target=\"word/document.xml\"/>"
	"<Relationship Id=\"rId2\" "
	"Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
	"Target=\"docProps/core.xml\"/>"
	"</Relationships>";

static const char DOCUMENT_RELS[] =
	XML_DECL
	"<Relationships xmlns=\"" NS_PR "\">"
	"<Relationship Id=\"rId1\" Type=\"" NS_R "/styles\" Target=\"styles.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" NS_R "/settings\" Target=\"settings.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"" NS_R "/footer\" Target=\"footer1.xml\"/>"
	"<Relationship Id=\"rId4\" Type=\"" NS_R "/footer\" Target=\"footer2.xml\"/>"
	"</Relationships>";

static const char SETTINGS[] =
	XML_DECL
	"<w:settings xmlns:w=\"" NS_W "\">"
	"<w:zoom w:percent=\"100\"/>"
	"<w:defaultTabStop w:val=\"720\"/>"
	"<w:characterSpacingControl w:val=\"doNotCompress\"/>"
	"<w:compat><w:compatSetting w:name=\"compatibilityMode\" "
	"w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
	"<w:themeFontLang w:val=\"vi-VN\"/>"
	"</w:settings>";

/* Decree 30: pages numbered in Arabic figures, centred, 13-14 pt, not shown on the
 * first page (footer2 is the empty first-page footer). */
static const char FOOTER_PAGE[] =
	XML_DECL
	"<w:ftr xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\">"
	"<w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>"
	"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
	"<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
	"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
	"<w:r><w:t>1</w:t></w:r>"
	"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
	"</w:p></w:ftr>";

static const char FOOTER_FIRST[] =
	XML_DECL
	"<w:ftr xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\">"
	"<w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr></w:p></w:ftr>";

/* Named styles. Built-in names (Normal, heading 1, Title, footer...) keep their
 * English names so word processors map them to their own; the project's styles
 * carry Vietnamese names, which is what users see in the style list. */
#define RFONTS "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" " \
	       "w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>"
#define SZ(n) "<w:sz w:val=\"" #n "\"/><w:szCs w:val=\"" #n "\"/>"
#define PSTYLE(id, name, based, ppr, rpr)                                              \
	"<w:style w:type=\"paragraph\" w:styleId=\"" id "\"><w:name w:val=\"" name "\"/>" \
	"<w:basedOn w:val=\"" based "\"/><w:qFormat/><w:pPr>" ppr "</w:pPr>"              \
	"<w:rPr>" rpr "</w:rPr></w:style>"
/* body: justified, first line indented 1 cm, 6 pt before, 1.15 line spacing */
#define BODY_PPR "<w:spacing w:before=\"120\" w:after=\"0\" w:line=\"276\" w:lineRule=\"auto\"/>" \
		 "<w:ind w:firstLine=\"567\"/><w:jc w:val=\"both\"/>"

static const char STYLES[] =
	XML_DECL
	"<w:styles xmlns:w=\"" NS_W "\">"
	"<w:docDefaults><w:rPrDefault><w:rPr>" RFONTS SZ(28)
	"<w:lang w:val=\"vi-VN\" w:eastAsia=\"en-US\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>"
	"<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
	"</w:pPr></w:pPrDefault></w:docDefaults>"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
	"<w:name w:val=\"Normal\"/><w:qFormat/><w:rPr>" RFONTS SZ(28) "</w:rPr></w:style>"
	PSTYLE("BodyText", "Body Text", "Normal", BODY_PPR, "")
	PSTYLE("Heading1", "heading 1", "Normal",
	       "<w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"0\" "
	       "w:line=\"276\" w:lineRule=\"auto\"/><w:ind w:firstLine=\"567\"/>"
	       "<w:jc w:val=\"both\"/><w:outlineLvl w:val=\"0\"/>",
	       "<w:b/><w:bCs/>")
	PSTYLE("Heading2", "heading 2", "Normal",
	       "<w:keepNext/><w:keepLines/><w:spacing w:before=\"120\" w:after=\"0\" "
	       "w:line=\"276\" w:lineRule=\"auto\"/><w:ind w:firstLine=\"567\"/>"
	       "<w:jc w:val=\"both\"/><w:outlineLvl w:val=\"1\"/>",
	       "<w:b/><w:bCs/>")
	PSTYLE("Heading3", "heading 3", "Normal",
	       "<w:keepNext/><w:keepLines/><w:spacing w:before=\"120\" w:after=\"0\" "
	       "w:line=\"276\" w:lineRule=\"auto\"/><w:ind w:firstLine=\"567\"/>"
	       "<w:jc w:val=\"both\"/><w:outlineLvl w:val=\"2\"/>",
	       "<w:b/><w:bCs/><w:i/><w:iCs/>")
	PSTYLE("ListDash", "Gạch đầu dòng", "BodyText", "", "")
	PSTYLE("Plain", "Đoạn thường", "Normal",
	       "<w:spacing w:before=\"60\" w:after=\"60\"/>", "")
	PSTYLE("Title", "Title", "Normal",
	       "<w:keepNext/><w:spacing w:before=\"480\" w:after=\"0\"/><w:jc w:val=\"center\"/>",
	       "<w:b/><w:bCs/><w:caps/>" SZ(28))
	PSTYLE("Subtitle", "Subtitle", "Normal",
	       "<w:keepNext/><w:spacing w:before=\"0\" w:after=\"0\"/><w:jc w:val=\"center\"/>",
	       "<w:b/><w:bCs/>" SZ(28))
	PSTYLE("OfficialHeader", "Thể thức văn bản", "Normal",
	       "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
	       "<w:jc w:val=\"center\"/>",
	       SZ(26))
	PSTYLE("TableText", "Nội dung bảng", "Normal",
	       "<w:spacing w:before=\"40\" w:after=\"40\" w:line=\"240\" w:lineRule=\"auto\"/>",
	       SZ(26))
	PSTYLE("TableHeading", "Tiêu đề cột", "TableText",
	       "<w:keepNext/><w:jc w:val=\"center\"/>", "<w:b/><w:bCs/>")
	PSTYLE("Recipients", "Nơi nhận", "Normal",
	       "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
	       SZ(22))
	PSTYLE("Signature", "Chữ ký", "Normal",
	       "<w:keepNext/><w:keepLines/><w:spacing w:before=\"0\" w:after=\"0\"/>"
	       "<w:jc w:val=\"center\"/>",
	       "<w:b/><w:bCs/>")
	PSTYLE("Footer", "footer", "Normal", "<w:jc w:val=\"center\"/>", SZ(26))
	"<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">"
	"<w:name w:val=\"Normal Table\"/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>"
	"<w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"85\" w:type=\"dxa\"/>"
	"<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/>"
	"</w:tblCellMar></w:tblPr></w:style>"
	"<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/>"
	"<w:basedOn w:val=\"TableNormal\"/><w:tblPr><w:tblBorders>"
	"<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
	"<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
	"<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
	"<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
	"<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
	"<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
	"</w:tblBorders></w:tblPr></w:style>"
	"</w:styles>";

/* document.xml: the body built so far inside its envelope, with the section:
 * A4, the margins of Decree 30, footers (none on the first page). */
static tderr document_xml(docx *d, xbuf *b)
{
	xbuf_puts(b, XML_DECL "<w:document xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\"><w:body>");
	xbuf_put(b, d->body.data ? d->body.data : "", d->body.len);
	xbuf_printf(b,
		    "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId3\"/>"
		    "<w:footerReference w:type=\"first\" r:id=\"rId4\"/>"
		    "<w:pgSz w:w=\"%d\" w:h=\"%d\"/>"
		    "<w:pgMar w:top=\"%d\" w:right=\"%d\" w:bottom=\"%d\" w:left=\"%d\" "
		    "w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>"
		    "<w:pgNumType w:start=\"1\"/><w:titlePg/></w:sectPr></w:body></w:document>",
		    DOCX_PAGE_WIDTH, DOCX_PAGE_HEIGHT, DOCX_MARGIN_TOP, DOCX_MARGIN_RIGHT,
		    DOCX_MARGIN_BOTTOM, DOCX_MARGIN_LEFT);
	return b->err;
}

static tderr core_xml(docx *d, xbuf *b)
{
	struct tm tm;
	char when[32] = "1970-01-01T00:00:00Z";
	if (gmtime_r(&d->created, &tm))
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	xbuf_puts(b, XML_DECL
		  "<cp:coreProperties "
		  "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
		  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
		  "xmlns:dcterms=\"http://purl.org/dc/terms/\" "
		  "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
		  "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">");
	if (d->title) {
		xbuf_puts(b, "<dc:title>");
		xbuf_xml(b, d->title, strlen(d->title));
		xbuf_puts(b, "</dc:title>");
	}
	xbuf_printf(b,
		    "<dc:creator>Tiến Độ</dc:creator><cp:lastModifiedBy>Tiến Độ</cp:lastModifiedBy>"
		    "<dc:language>vi-VN</dc:language>"
		    "<dcterms:created xsi:type=\"dcterms:W3CDTF\">%s</dcterms:created>"
		    "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">%s</dcterms:modified>"
		    "</cp:coreProperties>",
		    when, when);
	return b->err;
}

/* Adds one part; libzip reads data only at zip_close, so it must live till then. */
static int add_part(zip_t *za, const char *name, const char *data, size_t len)
{
	zip_source_t *s = zip_source_buffer(za, data, len, 0);
	if (!s)
		return -1;
	zip_int64_t idx = zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
	if (idx < 0) {
		zip_source_free(s);
		return -1;
	}
	return zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 0);
}

/* Copies what zip_close wrote into the in-memory source. */
static tderr source_bytes(zip_source_t *src, char **buf, size_t *len)
{
	zip_stat_t st;
	if (zip_source_stat(src, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    st.size > (zip_uint64_t)DOCX_MAX_BYTES * 2)
		return TD_EINTERNAL;
	char *out = malloc(st.size ? st.size : 1);
	if (!out)
		return TD_EINTERNAL;
	if (zip_source_open(src) != 0) {
		free(out);
		return TD_EINTERNAL;
	}
	zip_int64_t got = zip_source_read(src, out, st.size);
	zip_source_close(src);
	if (got < 0 || (zip_uint64_t)got != st.size) {
		free(out);
		return TD_EINTERNAL;
	}
	*buf = out;
	*len = (size_t)st.size;
	return TD_OK;
}

tderr dx_package(docx *d, char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	xbuf doc, core;
	xbuf_init(&doc, DOCX_MAX_BYTES + 4096);
	xbuf_init(&core, 1u << 20);
	tderr e = document_xml(d, &doc);
	if (!e)
		e = core_xml(d, &core);
	zip_source_t *src = NULL;
	zip_t *za = NULL;
	zip_error_t ze;
	zip_error_init(&ze);
	if (e)
		goto out;
	e = TD_EINTERNAL;
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src)
		goto out;
	zip_source_keep(src); /* survives zip_close, which writes the archive into it */
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!za)
		goto out;
	struct { const char *name, *data; size_t len; } parts[] = {
		{"[Content_Types].xml", CONTENT_TYPES, sizeof CONTENT_TYPES - 1},
		{"_rels/.rels", PACKAGE_RELS, sizeof PACKAGE_RELS - 1},
		{"word/document.xml", doc.data, doc.len},
		{"word/styles.xml", STYLES, sizeof STYLES - 1},
		{"word/settings.xml", SETTINGS, sizeof SETTINGS - 1},
		{"word/footer1.xml", FOOTER_PAGE, sizeof FOOTER_PAGE - 1},
		{"word/footer2.xml", FOOTER_FIRST, sizeof FOOTER_FIRST - 1},
		{"word/_rels/document.xml.rels", DOCUMENT_RELS, sizeof DOCUMENT_RELS - 1},
		{"docProps/core.xml", core.data, core.len},
	};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (add_part(za, parts[i].name, parts[i].data, parts[i].len) != 0)
			goto out;
	if (zip_close(za) != 0)
		goto out;
	za = NULL;
	e = source_bytes(src, buf, len);
out:
	if (za)
		zip_discard(za);
	if (src)
		zip_source_free(src);
	zip_error_fini(&ze);
	xbuf_free(&doc);
	xbuf_free(&core);
	return e;
}
