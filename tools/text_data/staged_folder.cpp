#include "tools/text_data/staged_folder.h"

#include <QDir>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>

namespace autosplit::textdata {

namespace {

QString systemError() {
    return QString::fromLocal8Bit(std::strerror(errno));
}

bool renameOver(const QString& from, const QString& to) {
    return std::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0;
}

} // namespace

StagedFolder::StagedFolder(const QString& target, const QString& pattern)
    : m_target(target), m_temp(pattern) {}

std::optional<QString> StagedFolder::create(const QString& target,
                                            std::unique_ptr<StagedFolder>& staged) {
    const QFileInfo info(target);
    const QString absolute = info.absoluteFilePath();
    const QString parent = info.absolutePath();
    if (!QFileInfo(parent).isDir())
        return QStringLiteral("the folder %1 (where --out %2 would go) does not exist")
            .arg(parent, target);
    const QString pattern =
        parent + QStringLiteral("/.") + info.fileName() + QStringLiteral(".tmp-XXXXXX");
    staged.reset(new StagedFolder(absolute, pattern));
    if (!staged->m_temp.isValid()) {
        const QString why = staged->m_temp.errorString();
        staged.reset();
        return QStringLiteral("cannot make a folder in %1: %2").arg(parent, why);
    }
    // QTemporaryDir makes the folder private (0700); the data folder gets the usual mode.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::chmod(QFile::encodeName(staged->path()).constData(), 0777 & ~mask);
    return std::nullopt;
}

std::optional<QString> StagedFolder::commit(bool replace) {
    const QString staged = m_temp.path();
    const QFileInfo target(m_target);
    if (!target.exists() && !target.isSymLink()) {
        if (!renameOver(staged, m_target))
            return QStringLiteral("cannot move %1 to %2: %3").arg(staged, m_target, systemError());
        m_temp.setAutoRemove(false);
        return std::nullopt;
    }
    if (!replace)
        return QStringLiteral("%1 exists (give --replace to replace it)").arg(m_target);
    if (!target.isDir() || target.isSymLink())
        return QStringLiteral("%1 exists and is not a folder; not replacing it").arg(m_target);
#ifdef RENAME_EXCHANGE
    // One step: the two names trade places, so the target is never missing.
    if (::renameat2(AT_FDCWD, QFile::encodeName(staged).constData(), AT_FDCWD,
                    QFile::encodeName(m_target).constData(), RENAME_EXCHANGE) == 0) {
        // the old data is now where the staged folder was, and goes with it
        if (!m_temp.remove())
            return QStringLiteral("replaced %1 but cannot delete its old files in %2")
                .arg(m_target, staged);
        return std::nullopt;
    }
#endif
    // Two steps where exchanging is not supported: the target is missing for a moment.
    const QString old = staged + QStringLiteral(".old");
    if (!renameOver(m_target, old))
        return QStringLiteral("cannot move %1 aside: %2").arg(m_target, systemError());
    if (!renameOver(staged, m_target)) {
        const QString why = systemError();
        renameOver(old, m_target);
        return QStringLiteral("cannot move %1 to %2: %3").arg(staged, m_target, why);
    }
    m_temp.setAutoRemove(false);
    if (!QDir(old).removeRecursively())
        return QStringLiteral("replaced %1 but cannot delete its old files in %2")
            .arg(m_target, old);
    return std::nullopt;
}

} // namespace autosplit::textdata
