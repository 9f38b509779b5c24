#include "core/bundle/file_digest.h"

#include <openssl/evp.h>

#include <array>
#include <fstream>
#include <memory>

namespace autosplit {

namespace {

struct DigestContext {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
    DigestContext() { EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr); }
    void update(const void* data, size_t size) { EVP_DigestUpdate(ctx.get(), data, size); }
    std::string hex() {
        std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
        unsigned int size = 0;
        EVP_DigestFinal_ex(ctx.get(), digest.data(), &size);
        static const char* const kHex = "0123456789abcdef";
        std::string out;
        for (unsigned int i = 0; i < size; ++i) {
            out += kHex[digest[i] >> 4];
            out += kHex[digest[i] & 15];
        }
        return out;
    }
};

} // namespace

std::string sha256Hex(std::string_view bytes) {
    DigestContext d;
    d.update(bytes.data(), bytes.size());
    return d.hex();
}

Result<std::string> sha256OfFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{path.string() + ": cannot be read", ErrorKind::Io};
    DigestContext d;
    std::array<char, 1 << 16> block{};
    while (in) {
        in.read(block.data(), block.size());
        d.update(block.data(), static_cast<size_t>(in.gcount()));
    }
    if (in.bad())
        return Error{path.string() + ": read failed", ErrorKind::Io};
    return d.hex();
}

} // namespace autosplit
