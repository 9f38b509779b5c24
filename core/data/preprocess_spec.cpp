#include "core/data/preprocess_spec.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

namespace autosplit {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Locale-independent (Qt programs set LC_NUMERIC from the environment, which strtod obeys).
bool parseFloat(std::string_view s, float& out) {
    s = trim(s);
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    const char* end = s.data() + s.size();
    auto [ptr, ec] = std::from_chars(s.data(), end, out);
    return ec == std::errc() && ptr == end && std::isfinite(out);
}

bool parseInt(std::string_view s, int& out) {
    s = trim(s);
    const char* end = s.data() + s.size();
    auto [ptr, ec] = std::from_chars(s.data(), end, out);
    return ec == std::errc() && ptr == end;
}

// "0.5" or "1/255".
bool parseNumberOrFraction(std::string_view s, float& out) {
    const size_t slash = s.find('/');
    if (slash == std::string_view::npos)
        return parseFloat(s, out);
    float a = 0.0f;
    float b = 0.0f;
    if (!parseFloat(s.substr(0, slash), a) || !parseFloat(s.substr(slash + 1), b) || b == 0.0f)
        return false;
    out = a / b;
    return std::isfinite(out);
}

std::string formatFloat(float v) {
    char buffer[32];
    auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    return ec == std::errc() ? std::string(buffer, ptr) : std::string("nan");
}

Error specError(std::string_view item, std::string_view problem) {
    return Error{"preprocessing spec item '" + std::string(item) + "': " + std::string(problem)};
}

class SpecParser {
public:
    Status item(std::string_view raw) {
        const std::string_view token = trim(raw);
        if (token.empty())
            return specError(raw, "empty item");
        const size_t eq = token.find('=');
        if (eq == std::string_view::npos) {
            // A bare number continues the last mean=/std= list.
            float v = 0.0f;
            if (m_list && parseFloat(token, v)) {
                if (m_list->size() >= 3)
                    return specError(token, "mean and std take 1 or 3 values");
                m_list->push_back(v);
                return Status::success();
            }
            m_list = nullptr;
            return flag(token);
        }
        m_list = nullptr;
        const std::string key = lower(trim(token.substr(0, eq)));
        const std::string_view value = trim(token.substr(eq + 1));
        if (!m_seen.insert(key).second)
            return specError(token, "given twice");
        if (key == "resize")
            return resize(token, value);
        if (key == "layout") {
            const std::string v = lower(value);
            if (v != "nchw" && v != "nhwc")
                return specError(token, "layout is nchw or nhwc");
            m_spec.layout = v == "nchw" ? TensorLayout::Nchw : TensorLayout::Nhwc;
            return Status::success();
        }
        if (key == "order") {
            const std::string v = lower(value);
            if (v != "rgb" && v != "bgr")
                return specError(token, "order is rgb or bgr");
            m_spec.order = v == "rgb" ? ChannelOrder::Rgb : ChannelOrder::Bgr;
            return Status::success();
        }
        if (key == "channels") {
            int c = 0;
            if (!parseInt(value, c) || (c != 1 && c != 3))
                return specError(token, "channels is 1 or 3");
            m_spec.channels = c;
            return Status::success();
        }
        if (key == "scale") {
            if (!parseNumberOrFraction(value, m_spec.scale))
                return specError(token, "scale is a number or a fraction like 1/255");
            return Status::success();
        }
        if (key == "mean" || key == "std") {
            std::vector<float>& list = key == "mean" ? m_mean : m_std;
            float v = 0.0f;
            if (!parseFloat(value, v))
                return specError(token, "not a number");
            list.push_back(v);
            m_list = &list;
            return Status::success();
        }
        return specError(token, "unknown key (resize, layout, order, channels, scale, mean, std)");
    }

    Result<PreprocessSpec> finish() {
        for (auto [name, list, target] :
             {std::tuple{"mean", &m_mean, &m_spec.mean}, std::tuple{"std", &m_std, &m_spec.std}}) {
            if (list->empty())
                continue;
            if (list->size() == 2)
                return Error{std::string("preprocessing spec: ") + name +
                             " takes 1 or 3 values, got 2"};
            if (list->size() == 3 && m_spec.channels == 1)
                return Error{std::string("preprocessing spec: ") + name +
                             " has 3 values but channels=1"};
            for (size_t c = 0; c < 3; ++c)
                (*target)[c] = list->size() == 1 ? (*list)[0] : (*list)[c];
        }
        if (Status s = validatePreprocessSpec(m_spec); !s)
            return s.error();
        return m_spec;
    }

private:
    Status flag(std::string_view token) {
        const std::string f = lower(token);
        if (!m_seen.insert(f).second)
            return specError(token, "given twice");
        if (f == "keep-aspect") {
            m_spec.keepAspect = true;
            return Status::success();
        }
        if (f == "pad") {
            m_spec.pad = true;
            return Status::success();
        }
        return specError(token, "not a key=value item nor a flag (keep-aspect, pad)");
    }

    Status resize(std::string_view token, std::string_view value) {
        const std::string v = lower(value);
        const size_t x = v.find('x');
        int h = 0;
        int w = 0;
        if (x == std::string::npos || !parseInt(std::string_view(v).substr(0, x), h) ||
            !parseInt(std::string_view(v).substr(x + 1), w))
            return specError(token, "resize is HEIGHTxWIDTH, e.g. 48x192");
        if (h < 1 || w < 1 || h > kMaxImageSide || w > kMaxImageSide)
            return specError(token,
                             "height and width must be in 1.." + std::to_string(kMaxImageSide));
        m_spec.height = h;
        m_spec.width = w;
        return Status::success();
    }

    PreprocessSpec m_spec;
    std::vector<float> m_mean;
    std::vector<float> m_std;
    std::vector<float>* m_list = nullptr;
    std::set<std::string> m_seen;
};

} // namespace

Status validatePreprocessSpec(const PreprocessSpec& spec) {
    const bool noResize = spec.height == 0 && spec.width == 0;
    const bool validResize = spec.height >= 1 && spec.width >= 1 && spec.height <= kMaxImageSide &&
                             spec.width <= kMaxImageSide;
    if (!noResize && !validResize)
        return Error{"preprocessing spec: resize " + std::to_string(spec.height) + "x" +
                     std::to_string(spec.width) + " is not in 1.." + std::to_string(kMaxImageSide)};
    if (spec.channels != 1 && spec.channels != 3)
        return Error{"preprocessing spec: channels is 1 or 3"};
    if (!std::isfinite(spec.scale))
        return Error{"preprocessing spec: scale is not a finite number"};
    for (size_t c = 0; c < 3; ++c) {
        if (!std::isfinite(spec.mean[c]) || !std::isfinite(spec.std[c]))
            return Error{"preprocessing spec: mean and std must be finite numbers"};
        if (spec.std[c] == 0.0f)
            return Error{"preprocessing spec: std must not be 0"};
    }
    if (spec.keepAspect && noResize)
        return Error{"preprocessing spec: keep-aspect needs resize=HxW"};
    if (spec.pad && !spec.keepAspect)
        return Error{"preprocessing spec: pad needs keep-aspect"};
    return Status::success();
}

std::string PreprocessSpec::toString() const {
    std::string s;
    auto add = [&](const std::string& item) {
        if (!s.empty())
            s += ',';
        s += item;
    };
    if (height > 0)
        add("resize=" + std::to_string(height) + "x" + std::to_string(width));
    if (keepAspect)
        add("keep-aspect");
    if (pad)
        add("pad");
    add(layout == TensorLayout::Nchw ? "layout=nchw" : "layout=nhwc");
    add(order == ChannelOrder::Rgb ? "order=rgb" : "order=bgr");
    add("channels=" + std::to_string(channels));
    add("scale=" + formatFloat(scale));
    const size_t n = channels == 1 ? 1 : 3;
    for (auto [name, values] : {std::pair{"mean", &mean}, std::pair{"std", &std}}) {
        std::string item = std::string(name) + "=";
        for (size_t c = 0; c < n; ++c)
            item += (c ? "," : "") + formatFloat((*values)[c]);
        add(item);
    }
    return s;
}

Result<PreprocessSpec> parsePreprocessSpec(const std::vector<std::string>& items) {
    SpecParser parser;
    for (const std::string& item : items) {
        // An item may itself hold a list ("mean=0.5,0.5,0.5").
        size_t start = 0;
        while (true) {
            const size_t comma = item.find(',', start);
            const std::string_view part = std::string_view(item).substr(start, comma - start);
            if (Status s = parser.item(part); !s)
                return s.error();
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
    }
    return parser.finish();
}

Result<PreprocessSpec> parsePreprocessSpec(std::string_view text) {
    if (trim(text).empty())
        return PreprocessSpec{};
    return parsePreprocessSpec(std::vector<std::string>{std::string(text)});
}

namespace {

// One axis of OpenCV's INTER_LINEAR: source index and weight of the next sample per output index.
struct Tap {
    int i0 = 0;
    int i1 = 0;
    float f = 0.0f;
};

std::vector<Tap> taps(int source, int target) {
    std::vector<Tap> t(static_cast<size_t>(target));
    const double ratio = static_cast<double>(source) / static_cast<double>(target);
    for (int d = 0; d < target; ++d) {
        const double pos = (d + 0.5) * ratio - 0.5;
        int i0 = static_cast<int>(std::floor(pos));
        double f = pos - i0;
        if (i0 < 0) {
            i0 = 0;
            f = 0.0;
        }
        if (i0 >= source - 1) {
            i0 = source - 1;
            f = 0.0;
        }
        t[static_cast<size_t>(d)] = {i0, std::min(i0 + 1, source - 1), static_cast<float>(f)};
    }
    return t;
}

// Bilinear resize of 8-bit RGB to float RGB (h x w x 3).
std::vector<float> resizeBilinear(const Image& image, int h, int w) {
    const std::vector<Tap> ty = taps(image.height, h);
    const std::vector<Tap> tx = taps(image.width, w);
    std::vector<float> out(static_cast<size_t>(h) * static_cast<size_t>(w) * 3);
    for (int y = 0; y < h; ++y) {
        const Tap& a = ty[static_cast<size_t>(y)];
        for (int x = 0; x < w; ++x) {
            const Tap& b = tx[static_cast<size_t>(x)];
            for (int c = 0; c < 3; ++c) {
                const float top =
                    image.at(b.i0, a.i0, c) * (1.0f - b.f) + image.at(b.i1, a.i0, c) * b.f;
                const float bottom =
                    image.at(b.i0, a.i1, c) * (1.0f - b.f) + image.at(b.i1, a.i1, c) * b.f;
                out[(static_cast<size_t>(y) * static_cast<size_t>(w) + static_cast<size_t>(x)) * 3 +
                    static_cast<size_t>(c)] = top * (1.0f - a.f) + bottom * a.f;
            }
        }
    }
    return out;
}

} // namespace

namespace {

// The size the image is resized to (before padding) and the tensor's width (after it).
struct ResizedSize {
    int height = 0;
    int width = 0;
    int paddedWidth = 0;
};

ResizedSize resizedSize(int imageWidth, int imageHeight, const PreprocessSpec& spec) {
    ResizedSize r{imageHeight, imageWidth, imageWidth};
    if (spec.height > 0) {
        r.height = spec.height;
        r.width = spec.width;
        if (spec.keepAspect) {
            // PaddleOCR: ceil(H * (w / h)) in double, capped at W.
            const double ratio = static_cast<double>(imageWidth) / static_cast<double>(imageHeight);
            const double wanted = std::ceil(static_cast<double>(spec.height) * ratio);
            r.width = static_cast<int>(std::clamp(wanted, 1.0, static_cast<double>(spec.width)));
        }
        r.paddedWidth = spec.pad ? spec.width : r.width;
    }
    return r;
}

} // namespace

Result<InputScale> inputScale(int imageWidth, int imageHeight, const PreprocessSpec& spec) {
    if (imageWidth < 1 || imageHeight < 1)
        return Error{"an image of " + std::to_string(imageWidth) + "x" +
                     std::to_string(imageHeight) + " pixels has no size to scale"};
    if (Status s = validatePreprocessSpec(spec); !s)
        return s.error();
    const ResizedSize r = resizedSize(imageWidth, imageHeight, spec);
    return InputScale{static_cast<double>(r.width) / static_cast<double>(imageWidth),
                      static_cast<double>(r.height) / static_cast<double>(imageHeight)};
}

Result<HostTensor> preprocessImage(const Image& image, const PreprocessSpec& spec) {
    if (image.width < 1 || image.height < 1 ||
        image.rgb.size() !=
            static_cast<size_t>(image.width) * static_cast<size_t>(image.height) * 3)
        return Error{"image has no pixels or a pixel buffer that does not match its size"};
    if (Status s = validatePreprocessSpec(spec); !s)
        return s.error();
    const ResizedSize size = resizedSize(image.width, image.height, spec);
    const int h = size.height;
    const int w = size.width;
    const int outW = size.paddedWidth;
    std::vector<float> rgb;
    if (h == image.height && w == image.width)
        rgb.assign(image.rgb.begin(), image.rgb.end());
    else
        rgb = resizeBilinear(image, h, w);

    const int64_t C = spec.channels;
    const int64_t H = h;
    const int64_t W = outW;
    HostTensor out(DataType::Float, spec.layout == TensorLayout::Nchw
                                        ? std::vector<int64_t>{1, C, H, W}
                                        : std::vector<int64_t>{1, H, W, C});
    float* dst = out.mutableData<float>(); // zero-filled: the padding
    for (int64_t y = 0; y < H; ++y)
        for (int64_t x = 0; x < w; ++x) {
            const float* px = &rgb[static_cast<size_t>((y * w + x) * 3)];
            for (int64_t c = 0; c < C; ++c) {
                float v = 0.0f;
                if (C == 1)
                    v = 0.299f * px[0] + 0.587f * px[1] + 0.114f * px[2];
                else
                    v = px[spec.order == ChannelOrder::Rgb ? c : 2 - c];
                const size_t ci = static_cast<size_t>(c);
                const float normalised = (v * spec.scale - spec.mean[ci]) / spec.std[ci];
                const int64_t index =
                    spec.layout == TensorLayout::Nchw ? (c * H + y) * W + x : (y * W + x) * C + c;
                dst[index] = normalised;
            }
        }
    return out;
}

} // namespace autosplit
