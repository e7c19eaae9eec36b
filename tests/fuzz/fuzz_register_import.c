/* fuzz_register_import.c — libFuzzer harness for the tables of the register import:
 * any bytes, read as CSV and as an XLSX workbook, must give rows or a clean refusal
 * with a reason, and every row read must have a line and text cells within the caps;
 * every cell then goes through the cell parser of each field type.
 * Built with -fsanitize=fuzzer,address,undefined; corpus: tests/fuzz/corpus/register_import. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/regschema.h"
#include "store/register_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static json_t *fields;

static void check_rows(const json_t *rows)
{
	size_t i, k;
	json_t *row, *cell;
	if (json_array_size(rows) == 0 || json_array_size(rows) > REGIMPORT_ROWS_MAX + 1)
		abort();
	json_array_foreach(rows, i, row)
	{
		if (json_integer_value(json_object_get(row, "line")) <= 0)
			abort();
		json_t *cells = json_object_get(row, "cells");
		if (!json_is_array(cells) || json_array_size(cells) > REGIMPORT_COLS_MAX)
			abort();
		json_array_foreach(cells, k, cell)
		{
			if (!json_is_string(cell) || json_string_length(cell) > REG_TEXT_MAX)
				abort();
			size_t f;
			json_t *fd;
			json_array_foreach(fields, f, fd)
			{
				json_t *v = NULL;
				const char *why = NULL;
				tderr e = regschema_parse_cell(fd, json_string_value(cell), &v, &why);
				if ((e == TD_OK) == (why != NULL) || (e && v))
					abort();
				json_decref(v);
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fields)
		fields = json_loads(
			"[{\"name\":\"t\",\"type\":\"text\"},{\"name\":\"i\",\"type\":\"integer\"},"
			"{\"name\":\"d\",\"type\":\"decimal\"},{\"name\":\"b\",\"type\":\"yesno\"},"
			"{\"name\":\"day\",\"type\":\"date\"},{\"name\":\"u\",\"type\":\"unit\"},"
			"{\"name\":\"c\",\"type\":\"choice\",\"choices\":[\"Tốt\",\"Khá\"]}]",
			0, NULL);
	for (int xlsx = 0; xlsx <= 1; xlsx++) {
		json_t *rows = NULL;
		char err[256] = "";
		int line = -1;
		tderr e = regimport_read((const char *)data, size, xlsx, &rows, err, sizeof err, &line);
		if (e) {
			if (rows || !err[0] || line < 0)
				abort();
			continue;
		}
		check_rows(rows);
		json_decref(rows);
	}
	return 0;
}
