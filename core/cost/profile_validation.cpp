#include "core/cost/profile_validation.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>
#include <type_traits>

namespace autosplit {

namespace {

// Shortest text that reads back as the same double (errors quote the user's numbers).
std::string number(double v) {
    std::ostringstream s;
    s.precision(10);
    s << v;
    return s.str();
}

class FieldError {
public:
    explicit FieldError(std::string_view source) : m_source(source) {}
    Error operator()(std::string_view field, std::string_view problem) const {
        return Error{m_source + ": field '" + std::string(field) + "' " + std::string(problem)};
    }

private:
    std::string m_source;
};

// The check of one optional scalar; returns an error message or nothing.
template <typename T>
std::optional<Error> requirePositive(const FieldError& err, std::string_view field, bool has,
                                     T value, bool required = true) {
    if (!has)
        return required ? std::optional<Error>(err(field, "is missing")) : std::nullopt;
    if constexpr (std::is_floating_point_v<T>) {
        if (!std::isfinite(value))
            return err(field, "must be a finite number");
        if (value <= 0)
            return err(field, "must be > 0, not " + number(value));
    } else {
        if (value <= 0)
            return err(field, "must be > 0, not " + std::to_string(value));
    }
    return std::nullopt;
}

// Two ways of stating the same rate must agree within 1 %.
bool agrees(double a, double b) {
    return std::abs(a - b) <= 0.01 * std::max(std::abs(a), std::abs(b));
}

// A timing's fields: finite seconds >= 0, the median present.
std::optional<Error> checkTiming(const FieldError& err, const std::string& field,
                                 const profiles::LayerTiming& t) {
    if (!t.has_median_s())
        return err(field + ".median_s", "is missing");
    for (auto [name, has, v] : {std::tuple{".median_s", t.has_median_s(), t.median_s()},
                                std::tuple{".p10_s", t.has_p10_s(), t.p10_s()},
                                std::tuple{".p90_s", t.has_p90_s(), t.p90_s()}})
        if (has && (!std::isfinite(v) || v < 0))
            return err(field + name, "must be a finite number >= 0, not " + number(v));
    return std::nullopt;
}

// A measured device: the layers and their timings; the MAC and bandwidth fields do not apply.
// Memory (offchip_bytes) is still required: it is the default edge memory limit.
Result<DeviceParams> convertMeasured(const profiles::DeviceProfile& p, const FieldError& err,
                                     DeviceParams d) {
    const profiles::MeasuredDevice& m = p.measured();
    d.measured = true;
    d.macPrecisionBits = p.has_mac_precision_bits() ? p.mac_precision_bits() : 32;
    if (auto e = requirePositive(err, "offchip_bytes", p.has_offchip_bytes(), p.offchip_bytes()))
        return *e;
    d.offchipBytes = p.offchip_bytes();
    d.onchipBytes = p.onchip_bytes();
    if (auto e = requirePositive(err, "measured.layer_count", m.has_layer_count(), m.layer_count()))
        return *e;
    if (m.layers_size() != m.layer_count())
        return err("measured.layers", "has " + std::to_string(m.layers_size()) +
                                          " entries but 'measured.layer_count' is " +
                                          std::to_string(m.layer_count()));
    int previous = 0;
    for (int i = 0; i < m.bits_size(); ++i) {
        const int b = m.bits(i);
        const std::string field = "measured.bits[" + std::to_string(i) + "]";
        if (b < 1 || b > 16)
            return err(field, "must be between 1 and 16, not " + std::to_string(b));
        if (b <= previous)
            return err(field, "must be above the width before it (ascending, distinct)");
        previous = b;
    }
    for (int i = 0; i < m.layers_size(); ++i) {
        const profiles::MeasuredLayer& l = m.layers(i);
        const std::string field = "measured.layers[" + std::to_string(i) + "]";
        if (l.name().empty())
            return err(field + ".name", "is missing");
        if (!l.has_float_time())
            return err(field + ".float_time", "is missing");
        if (auto e = checkTiming(err, field + ".float_time", l.float_time()))
            return *e;
        if (l.integer_times_size() != m.bits_size())
            return err(field + ".integer_times", "has " + std::to_string(l.integer_times_size()) +
                                                     " entries but 'measured.bits' lists " +
                                                     std::to_string(m.bits_size()));
        for (int j = 0; j < l.integer_times_size(); ++j) {
            const std::string f = field + ".integer_times[" + std::to_string(j) + "]";
            if (l.integer_times(j).bits() != m.bits(j))
                return err(f + ".bits", "must be " + std::to_string(m.bits(j)) +
                                            " (the order of 'measured.bits'), not " +
                                            std::to_string(l.integer_times(j).bits()));
            if (auto e = checkTiming(err, f, l.integer_times(j)))
                return *e;
        }
    }
    // The solver may choose any width the quantizers have; the model times a width between two
    // profiled ones at the next wider one.
    std::set<int> supported;
    for (int i = 0; i < p.supported_bits_size(); ++i) {
        const int b = p.supported_bits(i);
        const std::string field = "supported_bits[" + std::to_string(i) + "]";
        if (b < 1 || b > 32)
            return err(field, "must be between 1 and 32, not " + std::to_string(b));
        if (!supported.insert(b).second)
            return err(field, "repeats bit-width " + std::to_string(b));
    }
    if (p.supported_bits_size() > 0)
        d.supportedBits.assign(p.supported_bits().begin(), p.supported_bits().end());
    else
        d.supportedBits.assign(m.bits().begin(), m.bits().end());
    std::sort(d.supportedBits.begin(), d.supportedBits.end());
    if (d.supportedBits.empty())
        return err("supported_bits", "must list at least one bit-width (or 'measured.bits')");
    return d;
}

Result<DeviceParams> convert(const profiles::DeviceProfile& p, std::string_view source) {
    const FieldError err(source);
    DeviceParams d;

    if (!p.has_name())
        return err("name", "is missing");
    if (p.name().empty())
        return err("name", "must not be empty");
    d.name = p.name();
    d.description = p.description();

    if (!p.has_kind())
        return err("kind", "is missing");
    if (p.kind() == "edge")
        d.kind = DeviceKind::Edge;
    else if (p.kind() == "cloud")
        d.kind = DeviceKind::Cloud;
    else
        return err("kind", "must be \"edge\" or \"cloud\", not \"" + p.kind() + "\"");

    if (p.model_case() == profiles::DeviceProfile::MODEL_NOT_SET)
        return Error{std::string(source) + ": field 'systolic', 'roofline' or 'measured' is "
                                           "missing (one of them is required)"};
    if (p.has_measured())
        return convertMeasured(p, err, std::move(d));

    if (auto e = requirePositive(err, "mac_rate_per_s", p.has_mac_rate_per_s(), p.mac_rate_per_s(),
                                 false))
        return *e;
    if (auto e = requirePositive(err, "clock_hz", p.has_clock_hz(), p.clock_hz(), false))
        return *e;
    if (auto e = requirePositive(err, "mac_units", p.has_mac_units(), p.mac_units(), false))
        return *e;

    if (!p.has_mac_precision_bits())
        return err("mac_precision_bits", "is missing");
    if (p.mac_precision_bits() < 1 || p.mac_precision_bits() > 64)
        return err("mac_precision_bits",
                   "must be between 1 and 64, not " + std::to_string(p.mac_precision_bits()));
    d.macPrecisionBits = p.mac_precision_bits();

    if (auto e = requirePositive(err, "elementwise_ops_per_s", p.has_elementwise_ops_per_s(),
                                 p.elementwise_ops_per_s(), false))
        return *e;
    if (auto e = requirePositive(err, "offchip_bandwidth_bytes_per_s",
                                 p.has_offchip_bandwidth_bytes_per_s(),
                                 p.offchip_bandwidth_bytes_per_s()))
        return *e;
    d.bandwidthBytesPerSecond = p.offchip_bandwidth_bytes_per_s();
    if (auto e = requirePositive(err, "onchip_bytes", p.has_onchip_bytes(), p.onchip_bytes()))
        return *e;
    d.onchipBytes = p.onchip_bytes();
    if (auto e = requirePositive(err, "offchip_bytes", p.has_offchip_bytes(), p.offchip_bytes()))
        return *e;
    d.offchipBytes = p.offchip_bytes();

    if (p.supported_bits().empty())
        return err("supported_bits", "must list at least one bit-width");
    std::set<int> bits;
    for (int i = 0; i < p.supported_bits_size(); ++i) {
        const int b = p.supported_bits(i);
        const std::string field = "supported_bits[" + std::to_string(i) + "]";
        if (b < 1 || b > 32)
            return err(field, "must be between 1 and 32, not " + std::to_string(b));
        if (!bits.insert(b).second)
            return err(field, "repeats bit-width " + std::to_string(b));
    }
    d.supportedBits.assign(bits.begin(), bits.end());

    if (p.has_systolic()) {
        const profiles::SystolicArray& s = p.systolic();
        SystolicParams sp;
        if (auto e =
                requirePositive(err, "systolic.array_rows", s.has_array_rows(), s.array_rows()))
            return *e;
        if (auto e =
                requirePositive(err, "systolic.array_cols", s.has_array_cols(), s.array_cols()))
            return *e;
        sp.array = {s.array_rows(), s.array_cols()};
        if (!s.has_dataflow())
            return err("systolic.dataflow", "is missing");
        if (s.dataflow() == "ws")
            sp.dataflow = Dataflow::WeightStationary;
        else if (s.dataflow() == "os")
            sp.dataflow = Dataflow::OutputStationary;
        else if (s.dataflow() == "is")
            sp.dataflow = Dataflow::InputStationary;
        else
            return err("systolic.dataflow",
                       "must be \"ws\", \"os\" or \"is\", not \"" + s.dataflow() + "\"");
        if (auto e = requirePositive(err, "systolic.ifmap_buffer_bytes", s.has_ifmap_buffer_bytes(),
                                     s.ifmap_buffer_bytes()))
            return *e;
        if (auto e = requirePositive(err, "systolic.filter_buffer_bytes",
                                     s.has_filter_buffer_bytes(), s.filter_buffer_bytes()))
            return *e;
        if (auto e = requirePositive(err, "systolic.ofmap_buffer_bytes", s.has_ofmap_buffer_bytes(),
                                     s.ofmap_buffer_bytes()))
            return *e;
        sp.buffers = {s.ifmap_buffer_bytes(), s.filter_buffer_bytes(), s.ofmap_buffer_bytes()};
        const double buffers = static_cast<double>(s.ifmap_buffer_bytes()) +
                               static_cast<double>(s.filter_buffer_bytes()) +
                               static_cast<double>(s.ofmap_buffer_bytes());
        if (buffers > static_cast<double>(p.onchip_bytes()))
            return err("onchip_bytes",
                       "(" + std::to_string(p.onchip_bytes()) +
                           ") is smaller than the three systolic buffers together (" +
                           number(buffers) + ")");
        if (!p.has_clock_hz())
            return err("clock_hz", "is missing (a systolic array needs its clock)");
        const int64_t units = int64_t{s.array_rows()} * s.array_cols();
        if (p.has_mac_units() && p.mac_units() != units)
            return err("mac_units", "(" + std::to_string(p.mac_units()) +
                                        ") must equal systolic.array_rows x systolic.array_cols (" +
                                        std::to_string(units) + ")");
        const double rate = p.clock_hz() * static_cast<double>(units);
        if (p.has_mac_rate_per_s() && !agrees(p.mac_rate_per_s(), rate))
            return err("mac_rate_per_s",
                       "(" + number(p.mac_rate_per_s()) +
                           ") disagrees with clock_hz x array_rows x array_cols (" + number(rate) +
                           ")");
        d.clockHz = p.clock_hz();
        d.macRatePerSecond = rate;
        d.systolic = sp;
        // One element per array column per cycle, as the accumulator/activation stage drains a row.
        d.elementwiseOpsPerSecond = p.has_elementwise_ops_per_s()
                                        ? p.elementwise_ops_per_s()
                                        : p.clock_hz() * static_cast<double>(s.array_cols());
    } else {
        const profiles::Roofline& r = p.roofline();
        for (auto [field, has, v] :
             {std::tuple{"roofline.compute_efficiency", r.has_compute_efficiency(),
                         r.compute_efficiency()},
              std::tuple{"roofline.memory_efficiency", r.has_memory_efficiency(),
                         r.memory_efficiency()}}) {
            if (has && (!std::isfinite(v) || v <= 0 || v > 1))
                return err(field, "must be in (0, 1], not " + number(v));
        }
        d.roofline.computeEfficiency = r.has_compute_efficiency() ? r.compute_efficiency() : 1.0;
        d.roofline.memoryEfficiency = r.has_memory_efficiency() ? r.memory_efficiency() : 1.0;
        const bool clocked = p.has_clock_hz() && p.has_mac_units();
        if (!p.has_mac_rate_per_s() && !clocked)
            return err("mac_rate_per_s",
                       "is missing (give it, or both 'clock_hz' and 'mac_units')");
        if (p.has_mac_rate_per_s() && clocked &&
            !agrees(p.mac_rate_per_s(), p.clock_hz() * static_cast<double>(p.mac_units())))
            return err("mac_rate_per_s",
                       "(" + number(p.mac_rate_per_s()) +
                           ") disagrees with clock_hz x mac_units (" +
                           number(p.clock_hz() * static_cast<double>(p.mac_units())) + ")");
        d.clockHz = p.has_clock_hz() ? p.clock_hz() : 0.0;
        d.macRatePerSecond = p.has_mac_rate_per_s()
                                 ? p.mac_rate_per_s()
                                 : p.clock_hz() * static_cast<double>(p.mac_units());
        d.elementwiseOpsPerSecond =
            p.has_elementwise_ops_per_s() ? p.elementwise_ops_per_s() : d.macRatePerSecond;
    }
    return d;
}

} // namespace

Result<DeviceParams> deviceParams(const profiles::DeviceProfile& profile, std::string_view source) {
    return convert(profile, source);
}

Status validateDeviceProfile(const profiles::DeviceProfile& profile, std::string_view source) {
    auto d = convert(profile, source);
    if (!d)
        return d.error();
    return Status::success();
}

Status validateNetworkProfile(const profiles::NetworkProfile& p, std::string_view source) {
    const FieldError err(source);
    if (!p.has_name())
        return err("name", "is missing");
    if (p.name().empty())
        return err("name", "must not be empty");
    if (auto e = requirePositive(err, "uplink_bits_per_s", p.has_uplink_bits_per_s(),
                                 p.uplink_bits_per_s()))
        return *e;
    if (!p.has_round_trip_s())
        return err("round_trip_s", "is missing");
    if (!std::isfinite(p.round_trip_s()) || p.round_trip_s() < 0)
        return err("round_trip_s", "must be a finite number >= 0, not " + number(p.round_trip_s()));
    if (p.has_overhead_bytes_per_message() && p.overhead_bytes_per_message() < 0)
        return err("overhead_bytes_per_message",
                   "must be >= 0, not " + std::to_string(p.overhead_bytes_per_message()));
    return Status::success();
}

Uplink toUplink(const profiles::NetworkProfile& profile) {
    Uplink u;
    u.bitsPerSecond = profile.uplink_bits_per_s();
    u.roundTripSeconds = profile.round_trip_s();
    u.overheadBytesPerMessage = profile.overhead_bytes_per_message();
    return u;
}

} // namespace autosplit
