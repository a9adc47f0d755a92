#!/usr/bin/python3
"""One-time import: write procedures/catalog/*.yaml from the reference data
(shared/reference/catalog.csv and the shortening table of DOMAIN.md).
Kept for provenance: after the import the YAML files are the source of truth
and are edited by hand. usage: tools/catalog-from-reference.py CSV OUTDIR"""
import csv, sys, os

FIELD_UNIT = {
    "An toàn bức xạ và hạt nhân": "qlcnganh",
    "Sở hữu trí tuệ": "qlcnganh",
    "Hoạt động khoa học và công nghệ": "qlkh",
    "Công nghệ và Thị trường Công nghệ": "qlcn",
    "Tiêu chuẩn Đo lường Chất lượng": "tdc",
    "Tiếp công dân, khiếu nại, tố cáo": "thanh_tra",
}
FIELD_ABBR = {"An toàn bức xạ và hạt nhân": "atbx", "Sở hữu trí tuệ": "shtt",
              "Hoạt động khoa học và công nghệ": "khcn", "Công nghệ và Thị trường Công nghệ": "cntt",
              "Tiêu chuẩn Đo lường Chất lượng": "tdc", "Tiếp công dân, khiếu nại, tố cáo": "tcd"}
D2093 = ("2018-11-23", "Quyết định 2093/QĐ-UBND ngày 23/11/2018 của Chủ tịch UBND tỉnh Quảng Ngãi")
D1757 = ("2019-11-19", "Quyết định 1757/QĐ-UBND ngày 19/11/2019 của Chủ tịch UBND tỉnh Quảng Ngãi")
BASE_FROM = "2017-01-01"  # the engine's first year of data; the earlier history is out of scope
NEWER = ("2023", "2025", "post-2023", "NĐ 268", "NĐ 65")

def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

def steps(unit_id, amount2, unit):
    """The template internal process (in halves of the unit in force)."""
    if unit == "working_days":
        r, lead, res = 1, 2, 1            # 0.5 + ... + 1 + 0.5
    else:
        r, lead, res = 2, 2, 2            # whole calendar days
    app = amount2 - r - lead - res
    if app <= 0:
        return None
    def h(x): return str(x // 2) if x % 2 == 0 else f"{x // 2}.5"
    return [("tiep_nhan", "Tiếp nhận, kiểm tra và chuyển hồ sơ", "mot_cua", h(r)),
            ("tham_dinh", "Thẩm định hồ sơ, trình lãnh đạo", unit_id, h(app)),
            ("phe_duyet", "Lãnh đạo Sở xem xét, ký duyệt", "lanh_dao", h(lead)),
            ("tra_ket_qua", "Chuyển kết quả về Bộ phận Một cửa", "mot_cua", h(res))]

def online(text):
    t = text.lower()
    if not text: return "unknown"
    if "toàn trình" in t: return "full"
    if "một phần" in t: return "partial"
    if "4" in t: return "4"
    if "3" in t: return "3"
    return "unknown"

def write(out, p):
    L = []
    L.append(f"# {p['name']}")
    L.append(f"code: {q(p['code']) if p['code'] else 'unknown'}")
    if not p["code"]:
        L.append(f"local_id: {q(p['local_id'])}")
    L.append(f"name: {q(p['name'])}")
    L.append(f"field: {q(p['field'])}")
    L.append(f"service_center: {'true' if p.get('service_center', True) else 'false'}")
    ch = ["in_person", "post"] + (["online"] if p["online"] in ("3", "4", "full", "partial") else [])
    if not p.get("service_center", True): ch = ["in_person"]
    L.append(f"channels: [{', '.join(ch)}]")
    L.append(f"online_level: {p['online']}")
    if p.get("online_text"): L.append(f"online_text: {q(p['online_text'])}")
    L.append(f"fee: {q(p['fee']) if p.get('fee') else 'unknown'}")
    L.append(f"source: {q(p['source'])}")
    L.append(f"era: {q(p['era'])}")
    L.append("versions:")
    for v in p["versions"]:
        L.append(f"  - effective_from: {v['from']}")
        L.append(f"    legal_basis: {q(v['basis'])}")
        if v.get("amount"):
            L.append(f"    statutory: {{amount: {v['amount']}, unit: {v['unit']}}}")
        else:
            L.append("    statutory: unknown")
        if v.get("text"): L.append(f"    time_text: {q(v['text'])}")
        if v.get("short"):
            a, u, dec = v["short"]
            L.append(f"    shortened: {{amount: {a}, unit: {u}, decision: {q(dec)}}}")
        L.append("    on_supplement: pause")
        amt = v["short"][0] if v.get("short") else v.get("amount")
        st = steps(FIELD_UNIT[p["field"]], int(amt) * 2, v["unit"]) if amt else None
        if st:
            L.append('    steps_source: template')
            L.append("    steps:")
            for (i, n, u, d) in st:
                L.append(f"      - {{id: {i}, name: {q(n)}, unit: {u}, days: {d}}}")
        else:
            L.append("    steps_source: unknown")
            L.append("    steps: []")
    name = (p["code"] or p["local_id"]) + ".yaml"
    open(os.path.join(out, name), "w", encoding="utf-8").write("\n".join(L) + "\n")

def main():
    src, out = sys.argv[1], sys.argv[2]
    rows = list(csv.DictReader(open(src, encoding="utf-8")))
    seq = {}
    def local_id(field):
        a = FIELD_ABBR[field]; seq[a] = seq.get(a, 0) + 1
        return f"qng.{a}.{seq[a]:02d}"
    procs = []
    def from_row(i):
        r = rows[i]
        era = "2023+" if any(k in r["province_of_source"] for k in NEWER) else "2018"
        field = r["field_vi"].split(" (")[0]
        return dict(code=r["code"], name=r["name_vi"], field=field, online=online(r["online_level"]),
                    online_text=r["online_level"], fee=r["fee_text_vi"],
                    source=f"shared/reference/catalog.csv row {i + 2}: {r['province_of_source']}; {r['source_url'].split(' ; ')[0]}",
                    era=era,
                    versions=[dict(**{"from": BASE_FROM}, basis="thời gian theo văn bản quy phạm pháp luật chuyên ngành (nguồn: " + r["province_of_source"] + ")",
                                   amount=r["statutory_amount"].strip(), unit=r["statutory_unit"] or "working_days",
                                   text=r["time_text_vi"])])
    shortened = {  # csv row index -> versions of DOMAIN.md's shortening table
        42: [("5", "working_days", None), ("5", "working_days", ("3", "working_days", D2093))],
        1: [("30", "days", None), ("30", "days", ("15", "days", D2093)), ("30", "days", ("10", "days", D1757))],
        2: [("30", "days", None), ("30", "days", ("15", "days", D2093)), ("30", "days", ("10", "days", D1757))],
        5: [("10", "working_days", None), ("10", "working_days", ("7", "working_days", D2093))],
        6: [("10", "working_days", None), ("10", "working_days", ("7", "working_days", D2093))],
        33: [("5", "working_days", None), ("5", "working_days", ("4", "working_days", D2093))],
        34: [("15", "working_days", None), ("15", "working_days", ("10", "working_days", D2093))],
    }
    def versions_of(spec):
        vs = []
        for (amt, unit, sh) in spec:
            if sh is None:
                vs.append({"from": BASE_FROM, "basis": "thời gian giải quyết theo quy định (DOMAIN.md, bảng rút ngắn)", "amount": amt, "unit": unit})
            else:
                a, u, (d, dec) = sh
                vs.append({"from": d, "basis": dec, "amount": amt, "unit": unit, "short": (a, u, dec)})
        return vs
    for i in range(len(rows)):
        p = from_row(i)
        if i in shortened:
            p["versions"] = versions_of(shortened[i])
            p["source"] += "; times: DOMAIN.md shortening table (Quảng Ngãi)"
            p["era"] = "2018"
        procs.append(p)
    extra = [
        dict(name="Đăng ký công bố hợp chuẩn dựa trên kết quả chứng nhận hợp chuẩn của tổ chức chứng nhận",
             field="Tiêu chuẩn Đo lường Chất lượng",
             spec=[("5", "working_days", None), ("5", "working_days", ("3", "working_days", D2093))]),
        dict(name="Đăng ký công bố hợp quy ... dựa trên kết quả chứng nhận hợp quy của tổ chức chứng nhận (quy chuẩn kỹ thuật do Bộ KH&CN ban hành; tên đầy đủ chưa xác định)",
             field="Tiêu chuẩn Đo lường Chất lượng",
             spec=[("5", "working_days", None), ("5", "working_days", ("4", "working_days", D2093))]),
        dict(name="Cấp Giấy chứng nhận doanh nghiệp khoa học và công nghệ",
             field="Hoạt động khoa học và công nghệ",
             spec=[("10", "working_days", None), ("10", "working_days", ("7", "working_days", D1757))]),
    ]
    for e in extra:
        procs.append(dict(code="", name=e["name"], field=e["field"], online="unknown", online_text="", fee="",
                          source="DOMAIN.md shortening table (Decisions 2093/QĐ-UBND 2018, 1757/QĐ-UBND 2019)",
                          era="2018", versions=versions_of(e["spec"])))
    for n in ["Tiếp công dân", "Giải quyết khiếu nại lần đầu", "Giải quyết khiếu nại lần hai", "Giải quyết tố cáo"]:
        procs.append(dict(code="", name=n + " (tên theo danh mục chung, chưa xác nhận)", field="Tiếp công dân, khiếu nại, tố cáo",
                          online="unknown", online_text="", fee="", service_center=False,
                          source="DOMAIN.md: 4 thủ tục tiếp công dân, khiếu nại, tố cáo không tiếp nhận tại Trung tâm (2020)",
                          era="2018", versions=[{"from": BASE_FROM, "basis": "Luật Khiếu nại 2011, Luật Tố cáo 2018, Luật Tiếp công dân 2013 (thời hạn chưa nhập)", "amount": "", "unit": "working_days"}]))
    for p in procs:
        if not p["code"]:
            p["local_id"] = local_id(p["field"])
        write(out, p)
    print(f"{len(procs)} procedures written to {out}")

main()
