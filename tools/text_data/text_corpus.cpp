#include "tools/text_data/text_corpus.h"

#include <string_view>

namespace autosplit::textdata {

namespace {

using Pieces = std::span<const std::u16string_view>;

constexpr std::u16string_view kWords[] = {
    u"Welcome", u"Open",     u"Closed",    u"Exit",    u"Entrance", u"Station",  u"Market",
    u"Coffee",  u"Bakery",   u"Pharmacy",  u"Hotel",   u"Bank",     u"Museum",   u"Library",
    u"Garden",  u"Airport",  u"Taxi",      u"Parking", u"Street",   u"Avenue",   u"Square",
    u"Bridge",  u"Harbour",  u"Central",   u"North",   u"South",    u"East",     u"West",
    u"Fresh",   u"Bread",    u"Fruit",     u"Daily",   u"Sale",     u"Menu",     u"Pizza",
    u"Burger",  u"Dinner",   u"Breakfast", u"Office",  u"Police",   u"Hospital", u"School",
    u"Service", u"Ticket",   u"Platform",  u"Gate",    u"Floor",    u"Lobby",    u"Toilets",
    u"Private", u"Delivery", u"Quality",   u"Sunday",  u"Monday",   u"Friday",   u"March",
    u"August",  u"October",  u"Summer",    u"Winter",  u"Green",    u"Orange",   u"Silver",
    u"Golden",  u"River",    u"Mountain",  u"Ocean",   u"Cinema",   u"Theatre",  u"Music",
    u"Books",   u"Shoes",    u"Fashion",   u"Kitchen", u"Bicycle",  u"Dental",   u"Clinic",
    u"Florist", u"Grocery",  u"Laundry",   u"Salon",   u"Express",  u"Village",  u"Travel",
};

constexpr std::u16string_view kPhrases[] = {
    u"No Parking",    u"Thank You",      u"Open Daily",    u"Keep Left",    u"Fresh Bread",
    u"Exit Only",     u"Main Street",    u"Opening Hours", u"Free Wifi",    u"Please Wait",
    u"Staff Only",    u"Lost and Found", u"Best Price",    u"Good Morning", u"Hot Coffee",
    u"Fire Exit",     u"Bus Stop",       u"Car Wash",      u"City Centre",  u"Check In",
    u"Ticket Office", u"Post Office",    u"Push to Open",  u"Mind the Gap", u"Handle with Care",
    u"Grand Opening", u"Now Hiring",     u"Sold Out",      u"Back Soon",    u"Happy Birthday",
};

// Labels followed by a number: "Platform 4", "Gate B12".
constexpr std::u16string_view kNumbered[] = {
    u"Platform", u"Gate", u"Room", u"Floor", u"Bus", u"Line", u"Track", u"Exit", u"Hall", u"Unit",
};

constexpr std::u16string_view kChineseWords[] = {
    u"中国",     u"北京",   u"上海",     u"广州",     u"深圳",     u"天津",     u"南京",
    u"杭州",     u"成都",   u"武汉",     u"西安",     u"重庆",     u"出口",     u"入口",
    u"欢迎光临", u"停车场", u"营业时间", u"禁止吸烟", u"请勿停车", u"小心地滑", u"超市",
    u"银行",     u"医院",   u"学校",     u"饭店",     u"酒店",     u"餐厅",     u"火车站",
    u"地铁站",   u"机场",   u"公园",     u"图书馆",   u"博物馆",   u"电话",     u"地址",
    u"价格",     u"优惠",   u"特价",     u"新鲜",     u"水果",     u"蔬菜",     u"咖啡",
    u"面包",     u"药店",   u"洗手间",   u"安全出口", u"服务中心", u"人民路",   u"中山路",
    u"东方",     u"大学",   u"商店",     u"书店",     u"外卖",     u"开放",     u"关闭",
    u"今日",     u"免费",   u"会员",     u"收费",     u"步行街",   u"便利店",   u"有限公司",
    u"科技",     u"电子",   u"服装",     u"餐饮",     u"办公室",   u"售票处",   u"候车室",
    u"幼儿园",   u"体育馆", u"菜市场",   u"加油站",   u"快递",     u"新年快乐",
};

constexpr std::u16string_view kCities[] = {
    u"北京", u"上海", u"广州", u"深圳", u"天津", u"南京", u"杭州", u"成都",
    u"武汉", u"西安", u"重庆", u"长沙", u"青岛", u"苏州", u"厦门",
};

constexpr std::u16string_view kFacilities[] = {
    u"火车站", u"地铁站", u"机场",   u"公园",   u"图书馆",   u"博物馆",   u"大学",   u"医院",
    u"银行",   u"酒店",   u"体育馆", u"汽车站", u"人民医院", u"第一中学", u"欢迎您",
};

constexpr std::u16string_view kRoads[] = {
    u"人民路", u"中山路", u"解放路", u"建设路", u"和平路", u"长江路", u"南京路", u"文化路",
};

constexpr std::u16string_view kPriceLabels[] = {u"特价", u"会员价", u"优惠价", u"单价"};

// The one-character abbreviations that open a Chinese plate.
constexpr std::u16string_view kProvinces[] = {
    u"京", u"津", u"沪", u"渝", u"冀", u"豫", u"云", u"辽", u"黑", u"湘", u"皖",
    u"鲁", u"新", u"苏", u"浙", u"赣", u"鄂", u"桂", u"甘", u"晋", u"蒙", u"陕",
    u"吉", u"闽", u"贵", u"粤", u"青", u"藏", u"川", u"宁", u"琼",
};

// Plate letters: no I, O, Q or U, which real plates avoid for looking like 1, 0 and V.
constexpr std::u16string_view kPlateLetters = u"ABCDEFGHJKLMNPRSTVWXYZ";
constexpr std::u16string_view kDigits = u"0123456789";

// Every literal the templates below add, for the dictionary check.
constexpr std::u16string_view kLiterals[] = {
    u" ",  u"-",  u"/",        u".",    u":",  u",",  u"$",      u"￥", u"%",    u"+",  u"(",
    u")",  u"#",  u"·",        u"No.",  u"ml", u"kg", u"km",     u"GB", u"cm",   u"号", u"年",
    u"月", u"日", u"营业时间", u"电话", u"：", u"元", u"号出口", u"第", u"站台", u"楼",
};

QString q(std::u16string_view s) {
    return QString::fromUtf16(s.data(), static_cast<qsizetype>(s.size()));
}

QString pick(Random& random, Pieces pieces) {
    return q(random.pick(pieces));
}

QChar pickChar(Random& random, std::u16string_view pool) {
    return QChar(pool[static_cast<size_t>(random.between(0, static_cast<int>(pool.size()) - 1))]);
}

QString digits(Random& random, int n) {
    QString s;
    for (int i = 0; i < n; ++i)
        s += pickChar(random, kDigits);
    return s;
}

QString letters(Random& random, int n) {
    QString s;
    for (int i = 0; i < n; ++i)
        s += pickChar(random, kPlateLetters);
    return s;
}

QString number(int value) {
    return QString::number(value);
}

QString twoDigits(int value) {
    return QString::number(value).rightJustified(2, QLatin1Char('0'));
}

// 1234567 -> "1,234,567"
QString grouped(int value) {
    QString s = QString::number(value);
    for (qsizetype i = s.size() - 3; i > 0; i -= 3)
        s.insert(i, QLatin1Char(','));
    return s;
}

QString price(Random& random, int maxWhole) {
    const int whole = random.between(1, maxWhole);
    const int cents = random.between(0, 99);
    return (whole >= 1000 ? grouped(whole) : number(whole)) + QLatin1Char('.') + twoDigits(cents);
}

// Opening hours: "9:00-21:30".
QString hours(Random& random) {
    const int open = random.between(6, 10);
    const int openMinutes = random.between(0, 1) * 30;
    const int close = random.between(17, 23);
    const int closeMinutes = random.between(0, 1) * 30;
    return number(open) + QLatin1Char(':') + twoDigits(openMinutes) + QLatin1Char('-') +
           number(close) + QLatin1Char(':') + twoDigits(closeMinutes);
}

// A phone number's groups of digits after a prefix, e.g. "010-6543 2178".
QString phone(Random& random) {
    const int area = random.between(10, 99);
    const int first = random.between(2, 8);
    const QString middle = digits(random, 3);
    const QString last = digits(random, 4);
    return QLatin1Char('0') + number(area) + QLatin1Char('-') + number(first) + middle +
           QLatin1Char(' ') + last;
}

// Note on style below: every random draw is its own statement. The order in which C++
// evaluates the operands of + or the arguments of a call is unspecified, so two draws in one
// expression could swap between compilers and change the data.

QString words(Random& random) {
    QString s;
    const int form = random.between(0, 99);
    if (form < 35) {
        s = pick(random, kPhrases);
    } else if (form < 70) {
        s = pick(random, kWords);
    } else if (form < 85) {
        const QString first = pick(random, kWords);
        const QString second = pick(random, kWords);
        s = first + QLatin1Char(' ') + second;
    } else {
        // A number after the label, sometimes with a letter: "Gate B12", "Room 305".
        const QString label = pick(random, kNumbered);
        const QString prefix =
            random.chance(0.3) ? QString(pickChar(random, kPlateLetters)) : QString();
        const int n = random.between(2, 399);
        return label + QLatin1Char(' ') + prefix + number(n);
    }
    const int casing = random.between(0, 9);
    if (casing < 2)
        return s.toUpper();
    if (casing < 3)
        return s.toLower();
    return s;
}

QString date(Random& random, QChar separator, bool yearFirst) {
    const int year = random.between(1995, 2030);
    const int month = random.between(1, 12);
    const int day = random.between(1, 28);
    if (yearFirst)
        return number(year) + separator + twoDigits(month) + separator + twoDigits(day);
    return twoDigits(day) + separator + twoDigits(month) + separator + number(year);
}

QString numbers(Random& random) {
    switch (random.between(0, 9)) {
    case 0:
        return date(random, QLatin1Char('-'), true);
    case 1:
        return date(random, QLatin1Char('/'), false);
    case 2:
        return date(random, QLatin1Char('.'), false);
    case 3: {
        if (!random.chance(0.5))
            return hours(random);
        const int h = random.between(0, 23);
        const int m = random.between(0, 59);
        return twoDigits(h) + QLatin1Char(':') + twoDigits(m);
    }
    case 4: {
        const int maxWhole = random.chance(0.8) ? 199 : 4999;
        return QLatin1Char('$') + price(random, maxWhole);
    }
    case 5: {
        const int maxWhole = random.chance(0.8) ? 299 : 9999;
        return q(u"￥") + price(random, maxWhole);
    }
    case 6: {
        const QString sign = random.chance(0.3) ? QStringLiteral("-") : QString();
        if (random.chance(0.7))
            return sign + number(random.between(2, 95)) + QLatin1Char('%');
        const int whole = random.between(1, 9);
        const int tenth = random.between(1, 9);
        return sign + number(whole) + QLatin1Char('.') + number(tenth) + QLatin1Char('%');
    }
    case 7: {
        const int form = random.between(0, 2);
        if (form == 0)
            return phone(random);
        if (form == 1) {
            const QString a = digits(random, 1);
            const QString b = digits(random, 4);
            const QString c = digits(random, 4);
            return QStringLiteral("+86 13") + a + QLatin1Char(' ') + b + QLatin1Char(' ') + c;
        }
        const QString local = phone(random); // "0AB-..." shown as "(0AB) ..."
        const qsizetype dash = local.indexOf(QLatin1Char('-'));
        return QLatin1Char('(') + local.left(dash) + QStringLiteral(") ") + local.mid(dash + 1);
    }
    case 8: {
        static constexpr std::u16string_view units[] = {u"ml", u"kg", u"km", u"GB", u"cm"};
        QString amount;
        if (random.chance(0.5)) {
            amount = number(random.between(2, 950));
        } else {
            const int whole = random.between(1, 9);
            const int tenth = random.between(1, 9);
            amount = number(whole) + QLatin1Char('.') + number(tenth);
        }
        return amount + QLatin1Char(' ') + pick(random, units);
    }
    default: {
        const int form = random.between(0, 2);
        if (form == 0)
            return grouped(random.between(1200, 999999));
        if (form == 1)
            return QStringLiteral("No. ") + number(random.between(12, 9999));
        return QLatin1Char('#') + number(random.between(100, 9999));
    }
    }
}

QString plate(Random& random) {
    switch (random.between(0, 5)) {
    case 0: {
        const QChar separator = random.chance(0.5) ? QLatin1Char('-') : QLatin1Char(' ');
        const QString region = letters(random, 2);
        const int n = random.between(100, 999);
        const QString series = letters(random, 2);
        return region + separator + number(n) + separator + series;
    }
    case 1: {
        const QString region = letters(random, 2);
        const QString age = digits(random, 2);
        const QString series = letters(random, 3);
        return region + age + QLatin1Char(' ') + series;
    }
    case 2: {
        // German: "B MK 4271" (a one-letter series reads as a lost space too often)
        const QString city = letters(random, random.between(1, 3));
        const QString series = letters(random, 2);
        const int n = random.between(1, 9999);
        return city + QLatin1Char(' ') + series + QLatin1Char(' ') + number(n);
    }
    case 3: {
        const int first = random.between(1, 9);
        const QString middle = letters(random, 3);
        const QString last = digits(random, 3);
        return number(first) + middle + last;
    }
    default: {
        // Chinese: province, city letter, a middle dot, five characters (a letter sometimes).
        const QString province = pick(random, kProvinces);
        const QChar city = pickChar(random, kPlateLetters);
        QString tail = digits(random, 5);
        if (random.chance(0.4)) {
            const int at = random.between(0, 4);
            tail[at] = pickChar(random, kPlateLetters);
        }
        return province + city + q(u"·") + tail;
    }
    }
}

QString chinese(Random& random) {
    const int form = random.between(0, 99);
    if (form < 35)
        return pick(random, kChineseWords);
    if (form < 50) {
        const QString city = pick(random, kCities);
        return city + pick(random, kFacilities);
    }
    if (form < 60) {
        const QString road = pick(random, kRoads);
        return road + number(random.between(1, 399)) + q(u"号");
    }
    if (form < 67)
        return q(u"营业时间：") + hours(random);
    if (form < 77) {
        // "特价￥12.80" or "特价12.80元": the recogniser often reads a gap after the wide ￥
        const QString label = pick(random, kPriceLabels);
        if (random.chance(0.5))
            return label + price(random, 299) + q(u"元");
        return label + q(u"￥") + price(random, 299);
    }
    if (form < 82) {
        const int area = random.between(10, 99);
        const int first = random.between(2, 8);
        const QString rest = digits(random, 7);
        return q(u"电话：0") + number(area) + QLatin1Char('-') + number(first) + rest;
    }
    if (form < 90) {
        const int year = random.between(1995, 2030);
        const int month = random.between(1, 12);
        const int day = random.between(1, 28);
        return number(year) + q(u"年") + number(month) + q(u"月") + number(day) + q(u"日");
    }
    const int form2 = random.between(0, 2);
    if (form2 == 0)
        return number(random.between(1, 12)) + q(u"号出口");
    if (form2 == 1)
        return q(u"第") + number(random.between(1, 12)) + q(u"站台");
    return number(random.between(2, 30)) + q(u"楼");
}

} // namespace

TextKind pickKind(Random& random, bool scene) {
    // Percentages of words, numbers, plates (the rest Chinese): scenes draw more plates.
    const int words = scene ? 30 : 35;
    const int numbers = scene ? 20 : 25;
    const int plates = scene ? 25 : 15;
    const int roll = random.between(0, 99);
    if (roll < words)
        return TextKind::Words;
    if (roll < words + numbers)
        return TextKind::Numbers;
    if (roll < words + numbers + plates)
        return TextKind::Plate;
    return TextKind::Chinese;
}

QString makeText(Random& random, TextKind kind) {
    switch (kind) {
    case TextKind::Words:
        return words(random);
    case TextKind::Numbers:
        return numbers(random);
    case TextKind::Plate:
        return plate(random);
    case TextKind::Chinese:
        return chinese(random);
    }
    return {};
}

QStringList corpusPieces() {
    QStringList pieces;
    for (Pieces list : {Pieces(kWords), Pieces(kPhrases), Pieces(kNumbered), Pieces(kChineseWords),
                        Pieces(kCities), Pieces(kFacilities), Pieces(kRoads), Pieces(kPriceLabels),
                        Pieces(kProvinces), Pieces(kLiterals)})
        for (std::u16string_view piece : list) {
            pieces << q(piece);
            // the upper- and lower-case forms words() makes
            pieces << q(piece).toUpper() << q(piece).toLower();
        }
    pieces << q(kPlateLetters) << q(kDigits);
    return pieces;
}

} // namespace autosplit::textdata
