namespace Hamdel.Server.Features.Demo;

/// <summary>
/// What customers of a coffee roaster write about, and how its team answers, in Persian, Arabic and
/// English. Each script is a short exchange: the customer opens, an agent answers, sometimes the
/// customer comes back and the agent closes. {name} is the customer's first name, {order} an order number.
/// </summary>
internal static class DemoConversations
{
    internal sealed record Script(string Topic, string Subject, string[] Turns, bool Happy);

    public static readonly IReadOnlyDictionary<string, Script[]> ByLanguage = new Dictionary<string, Script[]>
    {
        ["fa"] =
        [
            new("complaint", "دومین بار تأخیر", [
                "این دومین باره که سفارشم {order} یک هفته دیر میاد! واقعاً افتضاحه. لطفاً یکی با من تماس بگیره.",
                "سلام {name}، حق کاملاً با شماست و عذر می‌خواهیم. همکارمان امروز با شما تماس می‌گیرد و هزینهٔ ارسال هم برگشت داده شد.",
            ], false),
            new("delivery", "سفارش هنوز نرسیده", [
                "سلام، سفارش {order} من از سه روز پیش ثبت شده ولی هنوز نرسیده. کی می‌رسه؟",
                "سلام {name} عزیز، بابت تأخیر واقعاً پوزش می‌خواهم. سفارش شما امروز صبح تحویل پست شد و کد رهگیری براتون پیامک شد.",
                "مرسی، کد رو گرفتم. فقط کاش زودتر خبر می‌دادید.",
                "حق با شماست؛ از این به بعد اگر ارسالی عقب بیفتد خودمان خبر می‌دهیم. روز خوبی داشته باشید.",
            ], false),
            new("grind", "آسیاب اشتباه", [
                "قهوه رو برای اسپرسو سفارش دادم ولی دون کامل برام فرستادید. من آسیاب ندارم!",
                "سلام {name} جان، اشتباه از ما بوده. همین امروز یک بستهٔ آسیاب‌شده برای اسپرسو می‌فرستیم و بستهٔ قبلی هم مال خودتان.",
                "وای چه خوب، ممنونم از رسیدگی سریع‌تون 🙏",
            ], true),
            new("refund", "درخواست بازگشت وجه", [
                "بستهٔ قهوه باز شده به دستم رسید و بوی کهنگی می‌داد. لطفاً پولم رو برگردونید.",
                "سلام {name}، خیلی متأسفیم. مبلغ سفارش {order} را برگشت زدیم و تا ۷۲ ساعت به کارتتان می‌نشیند. ممکن است عکسی از بسته بفرستید تا با فرستنده پیگیری کنیم؟",
                "عکس رو فرستادم. امیدوارم دیگه تکرار نشه.",
                "عکس رسید، ممنون. با بسته‌بندی و پست صحبت کردیم. باز هم پوزش می‌خواهیم.",
            ], false),
            new("praise", "قهوهٔ این ماه", [
                "فقط خواستم بگم قهوهٔ اتیوپی این ماه فوق‌العاده بود! عطرش کل خونه رو برداشته بود.",
                "سلام {name}، چقدر خوشحالمان کردید! پیامتان را به تیم برشته‌کاری رساندیم. نوش جان ☕",
            ], true),
            new("subscription", "تغییر اشتراک", [
                "می‌خوام اشتراک ماهانه‌ام رو از دو بسته به یک بسته تغییر بدم. از کجا باید انجامش بدم؟",
                "سلام {name}، از بخش «اشتراک من» در برنامه می‌توانید تعداد را عوض کنید. برایتان انجامش دادیم؛ از ماه بعد یک بسته ارسال می‌شود.",
                "عالی، خیلی ممنون.",
            ], true),
            new("app", "مشکل ورود به برنامه", [
                "از دیروز نمی‌تونم وارد برنامه بشم، کد تأیید برام نمیاد.",
                "سلام {name}، مشکل از سرویس پیامک بود و برطرف شده. لطفاً دوباره امتحان کنید و اگر باز نشد خبر بدهید.",
                "الان درست شد، مرسی.",
            ], true),
            new("damaged", "بستهٔ آسیب‌دیده", [
                "کارتن کاملاً له شده بود و یکی از بسته‌ها پاره شده. خیلی ناراحت شدم راستش.",
                "سلام {name}، حق دارید ناراحت باشید. یک بستهٔ جایگزین امروز ارسال می‌شود و هزینهٔ ارسال این سفارش را هم برگرداندیم.",
            ], false),
            new("question", "تاریخ برشته‌کاری", [
                "سلام، تاریخ برشته‌کاری قهوه‌ها رو کجا ببینم؟ و تا کی تازه می‌مونه؟",
                "سلام {name}، تاریخ روی برچسب پشت بسته است. بهترین طعم تا چهار هفته پس از برشته‌کاری است؛ بسته را بعد از باز کردن در ظرف دربسته نگه دارید.",
                "ممنون از راهنمایی.",
            ], true),
        ],
        ["ar"] =
        [
            new("complaint", "تأخير مرة أخرى", [
                "هذه ثاني مرة يتأخر طلبي {order} أسبوعًا كاملًا! خدمة سيئة جدا. أريد التحدث مع موظف، لا ردود آلية.",
                "أهلًا {name}، معك حق ونعتذر بشدة. ستتصل بك زميلتنا اليوم، وأعدنا لك رسوم الشحن.",
            ], false),
            new("delivery", "الطلب لم يصل", [
                "السلام عليكم، طلبي رقم {order} لم يصل حتى الآن رغم مرور ثلاثة أيام. متى سيصل؟",
                "وعليكم السلام {name}، نعتذر جداً عن التأخير. تم تسليم طلبك لشركة الشحن اليوم وأرسلنا لك رقم التتبع برسالة.",
                "شكراً، وصلني الرقم. لكن كان من الأفضل إبلاغي مبكراً.",
                "معك حق، سنبلغك بأنفسنا مستقبلاً إذا تأخر أي شحن. يومك سعيد.",
            ], false),
            new("grind", "طحنة خاطئة", [
                "طلبت قهوة مطحونة للإسبريسو لكن وصلتني حبوب كاملة، وليس عندي مطحنة!",
                "أهلاً {name}، الخطأ منا. سنرسل اليوم كيساً مطحوناً للإسبريسو، والكيس الأول هدية لك.",
                "رائع، شكراً على سرعة الحل 🙏",
            ], true),
            new("refund", "طلب استرداد", [
                "وصلني كيس القهوة مفتوحاً ورائحته قديمة. أريد استرداد المبلغ من فضلكم.",
                "نأسف جداً {name}. أعدنا مبلغ الطلب {order} وسيظهر في بطاقتك خلال ٧٢ ساعة. هل يمكنك إرسال صورة للكيس لنتابع مع شركة الشحن؟",
                "أرسلت الصورة. أتمنى ألا يتكرر ذلك.",
                "وصلت الصورة، شكراً. تحدثنا مع فريق التغليف والشحن. نعتذر مرة أخرى.",
            ], false),
            new("praise", "قهوة هذا الشهر", [
                "أردت فقط أن أقول إن قهوة إثيوبيا هذا الشهر ممتازة جداً! رائحتها ملأت البيت.",
                "أسعدتنا كلماتك يا {name}! نقلنا رسالتك لفريق التحميص. بالهناء والشفاء ☕",
            ], true),
            new("subscription", "تعديل الاشتراك", [
                "أريد تغيير اشتراكي الشهري من كيسين إلى كيس واحد. كيف أفعل ذلك؟",
                "مرحباً {name}، يمكنك تغيير الكمية من قسم «اشتراكي» في التطبيق. قمنا بذلك لك؛ سيصلك كيس واحد من الشهر القادم.",
                "ممتاز، شكراً جزيلاً.",
            ], true),
            new("app", "مشكلة في تسجيل الدخول", [
                "لا أستطيع الدخول إلى التطبيق منذ أمس، رمز التحقق لا يصلني.",
                "مرحباً {name}، كانت المشكلة في خدمة الرسائل وتم إصلاحها. جرّب مرة أخرى وأخبرنا إن استمرت.",
                "اشتغل الآن، شكراً.",
            ], true),
            new("damaged", "طرد تالف", [
                "الكرتونة وصلت مهروسة تماماً وأحد الأكياس ممزق. بصراحة انزعجت كثيراً.",
                "معك حق {name}. سنرسل كيساً بديلاً اليوم وأعدنا لك رسوم الشحن لهذا الطلب.",
            ], false),
            new("question", "تاريخ التحميص", [
                "مرحباً، أين أجد تاريخ تحميص القهوة؟ وكم تبقى طازجة؟",
                "أهلاً {name}، التاريخ مكتوب على الملصق خلف الكيس. أفضل طعم خلال أربعة أسابيع من التحميص؛ احفظ الكيس بعد فتحه في وعاء محكم.",
                "شكراً على التوضيح.",
            ], true),
        ],
        ["en"] =
        [
            new("complaint", "Late again", [
                "Second time my order {order} is a week late!! This is unacceptable. I want to speak to a real person, please call me.",
                "Hi {name}, you are right and we are sorry. A colleague will call you today, and we have refunded the shipping.",
            ], false),
            new("delivery", "Order hasn't arrived", [
                "Hi, my order {order} was placed three days ago and still hasn't arrived. When will it get here?",
                "Hi {name}, I'm really sorry for the delay. Your order went out with the courier this morning and we've texted you the tracking number.",
                "Thanks, got it. Would have been nice to hear about it sooner though.",
                "You're right. From now on we'll tell you ourselves if a shipment is running late. Have a good day.",
            ], false),
            new("grind", "Wrong grind", [
                "I ordered coffee ground for espresso but you sent whole beans. I don't own a grinder!",
                "Hi {name}, that was our mistake. We're sending an espresso-ground bag today, and keep the first one on us.",
                "Brilliant, thanks for sorting it so quickly 🙏",
            ], true),
            new("refund", "Refund request", [
                "The bag arrived open and the coffee smelled stale. I'd like a refund please.",
                "So sorry, {name}. We've refunded order {order}; it will show on your card within 72 hours. Could you send a photo of the bag so we can follow up with the courier?",
                "Photo sent. Hope this doesn't happen again.",
                "Got the photo, thank you. We've spoken to our packing team and the courier. Apologies again.",
            ], false),
            new("praise", "This month's coffee", [
                "Just wanted to say this month's Ethiopian was outstanding! The whole flat smelled amazing.",
                "That made our day, {name}! We've passed your note to the roasting team. Enjoy ☕",
            ], true),
            new("subscription", "Change subscription", [
                "I'd like to change my monthly subscription from two bags to one. Where do I do that?",
                "Hi {name}, you can change it under 'My subscription' in the app. We've done it for you; from next month you'll get one bag.",
                "Perfect, thank you.",
            ], true),
            new("app", "Can't log in to the app", [
                "I haven't been able to log in to the app since yesterday, the verification code never arrives.",
                "Hi {name}, our SMS provider had an outage and it's fixed now. Please try again and let us know if it still fails.",
                "Works now, thanks.",
            ], true),
            new("damaged", "Damaged parcel", [
                "The box was completely crushed and one of the bags was torn. Honestly quite upset.",
                "You have every right to be, {name}. A replacement bag goes out today and we've refunded the shipping on this order.",
            ], false),
            new("question", "Roast date", [
                "Hi, where can I find the roast date? And how long does the coffee stay fresh?",
                "Hi {name}, the date is on the label on the back. It tastes best within four weeks of roasting; keep the bag in an airtight container once opened.",
                "Thanks for the tips.",
            ], true),
        ],
    };

    public static readonly (string Shortcut, string Title, string Body, string Language)[] SavedReplies =
    [
        ("delay", "تأخیر ارسال", "سلام {{customer.first_name}} عزیز، بابت تأخیر پوزش می‌خواهیم. سفارش شما در راه است و کد رهگیری را برایتان پیامک کردیم. — {{agent.first_name}}، {{workspace.name}}", "fa"),
        ("refund", "بازگشت وجه", "سلام {{customer.first_name}}، مبلغ را برگشت زدیم و تا ۷۲ ساعت به کارتتان می‌نشیند. شمارهٔ پیگیری: #{{conversation.number}}", "fa"),
        ("delay", "تأخير الشحن", "مرحباً {{customer.first_name}}، نعتذر عن التأخير. طلبك في الطريق وأرسلنا لك رقم التتبع. — {{agent.first_name}}، {{workspace.name}}", "ar"),
        ("refund", "استرداد المبلغ", "مرحباً {{customer.first_name}}، أعدنا المبلغ وسيظهر في بطاقتك خلال ٧٢ ساعة. رقم المتابعة: #{{conversation.number}}", "ar"),
        ("delay", "Shipping delay", "Hi {{customer.first_name}}, sorry for the delay. Your order is on its way and we've texted you the tracking number. — {{agent.first_name}}, {{workspace.name}}", "en"),
        ("refund", "Refund", "Hi {{customer.first_name}}, we've refunded you; it will show on your card within 72 hours. Reference: #{{conversation.number}}", "en"),
    ];
}
