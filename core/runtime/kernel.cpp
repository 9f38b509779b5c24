#include "core/runtime/kernel.h"

#include <algorithm>

namespace autosplit {

const KernelRegistry& KernelRegistry::builtin() {
    static const KernelRegistry registry = [] {
        KernelRegistry r;
        registerBuiltinKernels(r);
        return r;
    }();
    return registry;
}

void KernelRegistry::add(KernelInfo info) {
    auto key = std::make_pair(info.opType, info.domain);
    m_kernels.insert_or_assign(std::move(key), std::move(info));
}

const KernelInfo* KernelRegistry::find(const std::string& opType, const std::string& domain) const {
    auto it = m_kernels.find({opType, domain == "ai.onnx" ? std::string() : domain});
    return it == m_kernels.end() ? nullptr : &it->second;
}

std::vector<std::string> KernelRegistry::opNames() const {
    std::vector<std::string> names;
    for (const auto& [key, info] : m_kernels)
        names.push_back(key.second.empty() ? key.first : key.second + "::" + key.first);
    std::sort(names.begin(), names.end());
    return names;
}

KernelSupports inputTypesIn(std::vector<DataType> allowed) {
    return [allowed = std::move(allowed)](const Node&, const std::vector<DataType>& types) {
        for (DataType t : types)
            if (t != DataType::Undefined &&
                std::find(allowed.begin(), allowed.end(), t) == allowed.end())
                return false;
        return true;
    };
}

} // namespace autosplit
