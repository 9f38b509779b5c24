#include "core/quant/reference_store.h"

#include "core/io/tensor_io.h"

#include <system_error>

namespace autosplit {

namespace fs = std::filesystem;

namespace {

int64_t bytesOf(const std::map<std::string, HostTensor>& tensors) {
    int64_t bytes = 0;
    for (const auto& [name, t] : tensors)
        bytes += static_cast<int64_t>(t.byteSize());
    return bytes;
}

} // namespace

ReferenceStore::ReferenceStore(std::vector<std::string> outputs, ReferenceStoreOptions options)
    : m_outputs(std::move(outputs)), m_options(std::move(options)) {}

fs::path ReferenceStore::fileOf(size_t sample, size_t output) const {
    return m_options.directory /
           ("sample-" + std::to_string(sample) + "-output-" + std::to_string(output) + ".pb");
}

bool ReferenceStore::onDisk(size_t sample) const {
    return sample < m_written.size() && m_written[sample];
}

std::optional<std::map<std::string, HostTensor>> ReferenceStore::find(size_t sample) {
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_memory.find(sample); it != m_memory.end())
            return it->second;
    }
    if (m_options.directory.empty())
        return std::nullopt;
    std::map<std::string, HostTensor> outputs;
    for (size_t k = 0; k < m_outputs.size(); ++k) {
        std::error_code ec;
        if (!fs::is_regular_file(fileOf(sample, k), ec))
            return std::nullopt;
        auto tensor = readTensorProtoFile(fileOf(sample, k));
        // another model's file under the same name cannot be, but a damaged one can
        if (!tensor || tensor->name != m_outputs[k])
            return std::nullopt;
        outputs.emplace(m_outputs[k], std::move(tensor->tensor));
    }
    std::lock_guard lock(m_mutex);
    ++m_stats.diskLoads;
    if (m_written.size() <= sample)
        m_written.resize(sample + 1, false);
    m_written[sample] = true;
    const int64_t bytes = bytesOf(outputs);
    if (m_stats.memoryBytes + bytes <= m_options.memoryBudgetBytes &&
        m_memory.emplace(sample, outputs).second)
        m_stats.memoryBytes += bytes;
    return outputs;
}

void ReferenceStore::keep(size_t sample, const std::map<std::string, HostTensor>& outputs) {
    const int64_t bytes = bytesOf(outputs);
    bool toDisk = false;
    {
        std::lock_guard lock(m_mutex);
        toDisk = !m_options.directory.empty() && !onDisk(sample) &&
                 m_stats.diskBytes + bytes <= m_options.diskBudgetBytes;
        if (toDisk)
            m_stats.diskBytes += bytes; // reserved before writing, so two writers keep the budget
    }
    bool written = false;
    if (toDisk) {
        std::error_code ec;
        fs::create_directories(m_options.directory, ec);
        written = !ec;
        for (size_t k = 0; written && k < m_outputs.size(); ++k) {
            auto it = outputs.find(m_outputs[k]);
            written = it != outputs.end() &&
                      writeTensorProtoFile(fileOf(sample, k), m_outputs[k], it->second).ok();
        }
    }
    std::lock_guard lock(m_mutex);
    if (toDisk && !written)
        m_stats.diskBytes -= bytes; // a cache that cannot be written is only slower
    if (written) {
        if (m_written.size() <= sample)
            m_written.resize(sample + 1, false);
        m_written[sample] = true;
    }
    if (m_memory.count(sample))
        return;
    if (m_stats.memoryBytes + bytes <= m_options.memoryBudgetBytes) {
        m_memory.emplace(sample, outputs);
        m_stats.memoryBytes += bytes;
    } else if (!written) {
        ++m_stats.dropped;
    }
}

ReferenceStoreStats ReferenceStore::stats() const {
    std::lock_guard lock(m_mutex);
    return m_stats;
}

} // namespace autosplit
