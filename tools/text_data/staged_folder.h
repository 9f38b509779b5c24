#pragma once

// An output folder that appears whole or not at all: everything is written into a hidden
// sibling folder, which is renamed to the target at the end. A run that fails or is killed
// leaves the target as it was (at worst a stale hidden ".NAME.tmp-*" folder next to it).

#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace autosplit::textdata {

class StagedFolder {
public:
    // The error when the target's parent folder does not exist or the hidden folder cannot be
    // made there (then `staged` stays empty).
    static std::optional<QString> create(const QString& target,
                                         std::unique_ptr<StagedFolder>& staged);

    // Where to write the files.
    QString path() const { return m_temp.path(); }

    // Moves the staged folder to the target. With `replace` an existing target is swapped out
    // (atomically where the system can exchange two names) and then deleted; without it, an
    // existing target is an error.
    std::optional<QString> commit(bool replace);

private:
    StagedFolder(const QString& target, const QString& pattern);

    QString m_target;
    QTemporaryDir m_temp;
};

} // namespace autosplit::textdata
