#pragma once

#include <string>
#include <utility>
#include <variant>

namespace autosplit {

// What kind of failure an error is, so each front end decides once what it means to the user
// (the command line's exit code, the explorer's translated headline, whether to say anything at
// all for a cancellation) without reading the message.
enum class ErrorKind {
    InvalidInput, // a file, tensor, setting or model that is wrong (the default)
    Usage,        // a command-line argument that is wrong: invalid input the shell gave
    Io,           // a file or folder that cannot be found, read or written
    Unsupported,  // valid, but beyond what this program does (an operator, a data type)
    Cancelled,    // the user (or a newer request) asked the work to stop
    Internal,     // a broken promise inside the program
};

// An error as a value: one line that names the thing (file, node, tensor, flag) and the problem,
// and its kind.
struct Error {
    std::string message;
    ErrorKind kind = ErrorKind::InvalidInput;

    bool isCancelled() const { return kind == ErrorKind::Cancelled; }
    // The same error with `context` before its message ("pass fold: " + ...), kind kept.
    Error prefixed(const std::string& context) const { return Error{context + message, kind}; }
};

// Minimal expected-style result (std::expected is C++23; the project is C++20).
template <typename T> class Result {
public:
    Result(T value) : m_data(std::move(value)) {}
    Result(Error error) : m_data(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<T>(m_data); }
    const T& value() const& { return std::get<T>(m_data); }
    T&& value() && { return std::get<T>(std::move(m_data)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<Error>(m_data); }

private:
    std::variant<T, Error> m_data;
};

// Result of an operation with no value.
class Status {
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)), m_ok(false) {}
    static Status success() { return {}; }
    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error& error() const { return m_error; }

private:
    Error m_error;
    bool m_ok = true;
};

} // namespace autosplit
