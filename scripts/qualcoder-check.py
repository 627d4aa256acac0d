"""Runs QualCoder's own REFI-QDA import, then its export, headless on a QDPX: the hand check of
docs/FORMAT.md ("What each tool keeps"). Not part of `make test`: QualCoder is not on PyPI.

    # QualCoder's source (github.com/ccbogel/QualCoder, checked at c3204641), unpacked in QC/src;
    python3 -m venv QC/venv && . QC/venv/bin/activate
    pip install PyQt6 pymupdf charset-normalizer diff-match-patch odfpy openpyxl pdfminer.six \
        Pillow ply qtawesome six emoji markdown-it-py
    mkdir -p ~/.qualcoder
    QUALCODER_SRC=QC/src python scripts/qualcoder-check.py telco.qdpx telco-qualcoder.qdpx

It prints what QualCoder read (REPORT: sources, codings by coder, variables, journals...) and
writes QualCoder's own export of that project to OUT.qdpx."""
import builtins, os, re, sys, types, sqlite3, shutil, json
builtins._ = lambda s: s
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, os.environ["QUALCODER_SRC"])
# ai_llm pulls Biopython and langchain; the importer needs none of it.
stub = types.ModuleType("qualcoder.ai_llm")
stub.get_default_ai_models = lambda: []
stub.update_ai_models = lambda m, i, settings=None: (m, i, None)
class AiLLM: pass
stub.AiLLM = AiLLM
sys.modules["qualcoder.ai_llm"] = stub
from PyQt6 import QtWidgets
qapp = QtWidgets.QApplication([])
from qualcoder.app import App
import qualcoder.refi as refi
import qualcoder.helpers as helpers
src, out = sys.argv[1], sys.argv[2]
work = os.path.join(os.environ.get("TMPDIR", "/tmp"), "qualcoder-check")
shutil.rmtree(work, ignore_errors=True); os.makedirs(work)
app = App()
app.settings["directory"] = work
app.settings["ai_enable"] = "False"
app.write_config_ini = lambda *a, **k: None
app.project_path = work + "/telco.qda"
for d in ["", "/images", "/audio", "/video", "/documents"]:
    os.makedirs(app.project_path + d, exist_ok=True)
app.project_name = "telco.qda"
app.create_connection(app.project_path)
cur = app.conn.cursor()
# QualCoder's own schema: the CREATE statements of MainWindow.new_project.
main = open(os.path.join(sys.path[0], "qualcoder", "__main__.py"), encoding="utf-8").read()
body = main[main.index("def new_project"):main.index("self.app.update_coder_names()", main.index("def new_project"))]
for stmt in re.findall(r'cur\.execute\(\s*((?:"[^"]*"\s*)+)\)', body):
    cur.execute("".join(re.findall(r'"([^"]*)"', stmt)))
app.update_coder_names()
cur.execute("INSERT INTO project VALUES(?,?,?,?,?,?,?,?,null,null,null)", ('v17', '2026-12-05 00:00:00', '', app.version, 0, 0, app.settings['codername'], ""))
app.conn.commit()
# No dialogs: the file chosen is ours, messages are printed.
QtWidgets.QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: (src, True))
QtWidgets.QFileDialog.getExistingDirectory = staticmethod(lambda *a, **k: work + "/export")
os.makedirs(work + "/export", exist_ok=True)
class Msg:
    def __init__(self, app, title, text, *a): print("MESSAGE:", title, "|", text[:300].replace("\n", " / "))
    def exec(self): return 0
helpers.Message = Msg; refi.Message = Msg
class Log:
    def append(self, t): print("LOG:", t)
refi.RefiImport(app, Log(), "qdpx")
q = lambda s: cur.execute(s).fetchall()
report = {
  "sources": q("select count(*) from source")[0][0],
  "empty_sources": q("select count(*) from source where fulltext is null or fulltext=''")[0][0],
  "codes": q("select count(*) from code_name")[0][0],
  "categories": q("select count(*) from code_cat")[0][0],
  "codings": q("select count(*) from code_text")[0][0],
  "codings_by_owner": q("select owner, count(*) from code_text group by owner"),
  "codings_with_memo": q("select count(*) from code_text where memo is not null and memo != ''")[0][0],
  "attribute_types": q("select count(*) from attribute_type")[0][0],
  "attribute_values": q("select count(*) from attribute where value is not null and value != ''")[0][0],
  "journals": q("select name from journal"),
  "cases": q("select count(*) from cases")[0][0],
  "code_colours": q("select name, color from code_name"),
  "first_source": q("select name, substr(fulltext,1,60) from source order by id limit 1"),
}
print("REPORT", json.dumps(report, ensure_ascii=False))
# QualCoder's export of what it read.
# The line-endings dialog is left as it opens (no MAXQDA line endings).
refi.RefiLineEndings.exec = lambda self: 0
refi.RefiExport(app, Log(), "project")
for f in os.listdir(work + "/export"):
    print("EXPORTED", f)
    shutil.copy(os.path.join(work + "/export", f), out)
