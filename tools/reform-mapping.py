#!/usr/bin/env python3
"""reform-mapping.py — writes the 1 July 2025 mapping of old Bắc Giang and old Bắc
Ninh to the new Bắc Ninh (seed/reform/bac-ninh-2025.csv) from the unit lists in
seed/units/, by the rules of docs/UNITS.md ("The demo's mapping"):

  * old provinces 24 and 27 -> new province 24 (merge, NQ 202/2025/QH15);
  * every old district -> new province 24 (level_removal);
  * an old commune whose code the new list reuses -> that new commune (merge,
    basis "code"; "code+name" when the name is kept too; Tuấn Đạo, which the
    resolution left as it was, is a re-parent);
  * every other old commune -> new province 24 (merge, basis "residue"): its new
    commune cannot be told from these files.

Run from the repository root: python3 tools/reform-mapping.py > seed/reform/bac-ninh-2025.csv
"""
import csv
import sys
import unicodedata

EFFECTIVE = "2025-07-01"
ACT_PROVINCE = ("202/2025/QH15", "2025-06-12")
ACT_COMMUNE = ("1658/NQ-UBTVQH15", "2025-06-16")
UNCHANGED = {"07663"}  # Xã Tuấn Đạo: not rearranged (NQ 1658, Điều 1)


def read(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def key(name):
    # "Cảnh Thụy" and "Cảnh Thuỵ" are the same name with the tone mark placed
    # differently: compare without marks
    s = unicodedata.normalize("NFD", name.lower())
    return "".join(c for c in s if unicodedata.category(c) != "Mn").replace("đ", "d")


old = read("seed/units/bac-giang-2023.csv") + read("seed/units/bac-ninh-2023.csv")
new = {r["code"]: r for r in read("seed/units/bac-ninh-2025.csv") if r["level"] == "commune"}
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["kind", "from_code", "to_code", "share", "indicator", "act_number", "act_date",
            "effective_date", "basis", "note"])
for r in old:
    code, level = r["code"], r["level"]
    if level == "province":
        w.writerow(["merge", code, "24", "1", "", *ACT_PROVINCE, EFFECTIVE, "province",
                    r["full_name"] + " nhập vào Tỉnh Bắc Ninh"])
    elif level == "district":
        w.writerow(["level_removal", code, "24", "1", "", *ACT_PROVINCE, EFFECTIVE, "level",
                    "Không tổ chức cấp huyện"])
    elif code in new:
        n = new[code]
        same = key(n["name"]) == key(r["name"])
        kind = "reparent" if code in UNCHANGED else "merge"
        w.writerow([kind, code, code, "1", "", *ACT_COMMUNE, EFFECTIVE,
                    "code+name" if same else "code",
                    r["full_name"] + " → " + n["full_name"]])
    else:
        w.writerow(["merge", code, "24", "1", "", *ACT_COMMUNE, EFFECTIVE, "residue",
                    r["full_name"] + ": xã mới chưa xác định từ dữ liệu, giữ ở cấp tỉnh"])
