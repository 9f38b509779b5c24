// LD_PRELOAD library for the benchmarks: makes a process see a CPU with fewer instruction sets, so
// ONNX Runtime (whose MLAS picks its kernels from CPUID, with no switch to force a lower set) can
// be timed on the same instruction set as one of our CPU paths, on one machine, in one run.
//
//   AUTOSPLIT_CPUID_MASK=avx512    hide AVX-512 VNNI and AVX-VNNI (an AVX-512 CPU without VNNI,
//                                  like Skylake-X: the integer kernels' avx512 path)
//   AUTOSPLIT_CPUID_MASK=avx2      hide AVX-512 (an x86-64-v3 CPU, like AMD Zen 3)
//   AUTOSPLIT_CPUID_MASK=baseline  hide AVX-512, AVX, AVX2, FMA, F16C and SSE3..SSE4.2 (x86-64 v1)
//
// How: Linux's CPUID faulting (arch_prctl ARCH_SET_CPUID, on CPUs with the cpuid_fault flag, as
// the rr debugger uses it) makes every CPUID instruction raise SIGSEGV; the handler runs the real
// CPUID with faulting briefly off, clears the hidden features' bits and steps over the
// instruction. The setting is per thread and inherited by new threads; other SIGSEGVs go to the
// handler the program installed. Programs that reset every signal at start-up (Node.js does) or
// install their own SIGSEGV handler (V8's WebAssembly trap handler) would remove ours, so
// sigaction() is interposed for SIGSEGV: the program's handler is kept as the one to chain to.
// Prints one line to stderr when the mask is active, or why not. A benchmarking tool only: never
// linked into the product.

#include <asm/prctl.h>
#include <cerrno>
#include <cpuid.h>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

namespace {

struct Mask {
    unsigned leaf1Ecx = 0, leaf7Ebx = 0, leaf7Ecx = 0, leaf7Edx = 0, leaf7s1Eax = 0;
};

Mask g_mask;
bool g_active = false;
struct sigaction g_previous; // the program's SIGSEGV handler, to chain to

using SigactionFunction = int (*)(int, const struct sigaction*, struct sigaction*);
SigactionFunction realSigaction() {
    static const auto real = reinterpret_cast<SigactionFunction>(dlsym(RTLD_NEXT, "sigaction"));
    return real;
}

constexpr unsigned bit(int n) {
    return 1u << n;
}

Mask maskFor(const char* level) {
    Mask m;
    if (std::strcmp(level, "avx512") == 0) {
        m.leaf7Ecx = bit(11);  // AVX512_VNNI
        m.leaf7Edx = bit(2);   // AVX512_4VNNIW
        m.leaf7s1Eax = bit(4); // AVX-VNNI
        return m;
    }
    // AVX-512: F 16, DQ 17, IFMA 21, PF 26, ER 27, CD 28, BW 30, VL 31 (leaf 7 EBX); VBMI 1,
    // VBMI2 6, VNNI 11, BITALG 12, VPOPCNTDQ 14 (ECX); 4VNNIW 2, 4FMAPS 3, VP2INTERSECT 8, FP16 23
    // (EDX); BF16 5 (leaf 7.1 EAX)
    m.leaf7Ebx = bit(16) | bit(17) | bit(21) | bit(26) | bit(27) | bit(28) | bit(30) | bit(31);
    m.leaf7Ecx = bit(1) | bit(6) | bit(11) | bit(12) | bit(14);
    m.leaf7Edx = bit(2) | bit(3) | bit(8) | bit(23);
    m.leaf7s1Eax = bit(4) | bit(5); // AVX-VNNI, AVX512-BF16
    if (std::strcmp(level, "baseline") == 0) {
        // SSE3 0, SSSE3 9, FMA 12, SSE4.1 19, SSE4.2 20, POPCNT 23, AVX 28, F16C 29 (leaf 1 ECX);
        // AVX2 5, BMI1 3, BMI2 8 (leaf 7 EBX)
        m.leaf1Ecx = bit(0) | bit(9) | bit(12) | bit(19) | bit(20) | bit(23) | bit(28) | bit(29);
        m.leaf7Ebx |= bit(3) | bit(5) | bit(8);
    }
    return m;
}

long setCpuidFaulting(bool on) {
    return syscall(SYS_arch_prctl, ARCH_SET_CPUID, on ? 0 : 1);
}

void onSegv(int signal, siginfo_t* info, void* context) {
    auto* uc = static_cast<ucontext_t*>(context);
    greg_t* r = uc->uc_mcontext.gregs;
    const auto* ip = reinterpret_cast<const unsigned char*>(r[REG_RIP]);
    if (info->si_code == SI_KERNEL && ip[0] == 0x0f && ip[1] == 0xa2) {
        const unsigned leaf = static_cast<unsigned>(r[REG_RAX]),
                       sub = static_cast<unsigned>(r[REG_RCX]);
        unsigned a = 0, b = 0, c = 0, d = 0;
        setCpuidFaulting(false);
        __cpuid_count(leaf, sub, a, b, c, d);
        setCpuidFaulting(true);
        if (leaf == 1)
            c &= ~g_mask.leaf1Ecx;
        if (leaf == 7 && sub == 0) {
            b &= ~g_mask.leaf7Ebx;
            c &= ~g_mask.leaf7Ecx;
            d &= ~g_mask.leaf7Edx;
        }
        if (leaf == 7 && sub == 1)
            a &= ~g_mask.leaf7s1Eax;
        r[REG_RAX] = a;
        r[REG_RBX] = b;
        r[REG_RCX] = c;
        r[REG_RDX] = d;
        r[REG_RIP] += 2;
        return;
    }
    if (g_previous.sa_flags & SA_SIGINFO) {
        g_previous.sa_sigaction(signal, info, context);
    } else if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN) {
        g_previous.sa_handler(signal);
    } else {
        std::signal(SIGSEGV, SIG_DFL);
        std::raise(SIGSEGV);
    }
}

__attribute__((constructor)) void install() {
    const char* level = std::getenv("AUTOSPLIT_CPUID_MASK");
    if (!level || !*level)
        return;
    if (std::strcmp(level, "avx512") != 0 && std::strcmp(level, "avx2") != 0 &&
        std::strcmp(level, "baseline") != 0) {
        std::fprintf(stderr,
                     "cpuid_mask: AUTOSPLIT_CPUID_MASK='%s' is not avx512, avx2 or baseline; "
                     "nothing hidden\n",
                     level);
        return;
    }
    g_mask = maskFor(level);
    struct sigaction action {};
    action.sa_sigaction = onSegv;
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    realSigaction()(SIGSEGV, &action, &g_previous);
    if (setCpuidFaulting(true) != 0) {
        std::fprintf(stderr,
                     "cpuid_mask: this CPU or kernel has no CPUID faulting (%s); nothing hidden\n",
                     std::strerror(errno));
        realSigaction()(SIGSEGV, &g_previous, nullptr);
        return;
    }
    g_active = true;
    std::fprintf(stderr, "cpuid_mask: this process sees %s\n",
                 std::strcmp(level, "avx512") == 0 ? "an AVX-512 CPU without VNNI (VNNI hidden)"
                 : std::strcmp(level, "avx2") == 0
                     ? "an x86-64-v3 CPU (AVX-512 hidden)"
                     : "an x86-64 baseline CPU (SSE3 and later hidden)");
}

} // namespace

// The program's view of SIGSEGV while the mask is active: it sets and reads the handler ours
// chains to.
extern "C" int sigaction(int signal, const struct sigaction* action, struct sigaction* old) {
    if (signal != SIGSEGV || !g_active)
        return realSigaction()(signal, action, old);
    const struct sigaction previous = g_previous;
    if (action)
        g_previous = *action;
    if (old)
        *old = previous;
    return 0;
}
