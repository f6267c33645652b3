"""Lesson 7 companion: predicting numbers (regression) on a class height / arm-span table."""

from _kit import code, md, tr

SLUG = "m2-l7-predicting-numbers"
LESSON = "m2-l7-predicting-numbers"

CELLS = [
    md(
        ar="""
        # التنبؤ بالأرقام: الانحدار (regression)

        حتى الآن كان النموذج (model) يختار فئة. اليوم سيتنبأ **برقم**.
        السؤال: إذا عرفنا طول تلميذ، هل نستطيع أن نتنبأ **بامتداد ذراعيه**، أي المسافة بين أطراف أصابع يديه حين يفتح ذراعيه؟

        **طريقة العمل:** شغّلوا الخلايا بالترتيب بالضغط على `Shift + Enter`.
        """,
        fr="""
        # Prédire des nombres : la régression

        Jusqu'ici, le modèle choisissait une catégorie. Aujourd'hui, il va prédire **un nombre**.
        La question : si on connaît la taille d'un élève, peut-on prédire son envergure
        (la distance d'un bout des doigts à l'autre, bras écartés) ?

        **Mode d'emploi :** exécutez les cellules dans l'ordre avec `Maj + Entrée`.
        """,
        en="""
        # Predicting numbers: regression

        So far the model chose a category. Today it will predict **a number**.
        The question: if we know a student's height, can we predict their arm span (from one
        fingertip to the other, arms wide open)?

        **How to use it:** run the cells in order with `Shift + Enter`.
        """,
    ),
    code(
        """
        import io

        import numpy as np
        import matplotlib.pyplot as plt
        from sklearn.linear_model import LinearRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import PolynomialFeatures, StandardScaler

        %matplotlib inline
        """,
    ),
    md(
        ar="""
        ## جدول الصف

        هذه قياسات 20 تلميذًا من صف متخيَّل، بالسنتيمتر. العمود الأول الطول (`height_cm`)
        والثاني امتداد الذراعين (`arm_span_cm`). يمكنكم لاحقًا وضع قياسات صفكم مكانها.
        """,
        fr="""
        ## Le tableau de la classe

        Voici les mesures de 20 élèves d'une classe imaginaire, en centimètres. La première colonne
        est la taille (`height_cm`), la seconde l'envergure (`arm_span_cm`). Vous pourrez ensuite
        y mettre les mesures de votre classe.
        """,
        en="""
        ## The class table

        These are the measurements of 20 students in an imaginary class, in centimetres. The first
        column is height (`height_cm`), the second arm span (`arm_span_cm`). Later you can put your
        own class's measurements here.
        """,
    ),
    code(
        """
        table = '''height_cm,arm_span_cm
        142,140
        148,149
        151,150
        153,155
        155,154
        157,159
        158,156
        160,162
        161,160
        163,165
        164,163
        165,168
        167,166
        168,170
        170,169
        171,174
        173,172
        175,177
        178,176
        181,184
        '''
        data = np.loadtxt(io.StringIO(table), delimiter=",", skiprows=1)
        height = data[:, 0]
        arm_span = data[:, 1]
        print(len(height), "<<p_students>>")

        fig, ax = plt.subplots(figsize=(5, 4))
        ax.scatter(height, arm_span)
        ax.set_xlabel("height (cm)")
        ax.set_ylabel("arm span (cm)")
        plt.show()
        """,
        p_students=tr("تلميذًا", "élèves", "students"),
    ),
    md(
        ar="""
        النقاط تقريبًا على خط مستقيم! لنطلب من scikit-learn أن يجد **خط الاتجاه (line of best fit)**:
        الخط الأقرب إلى كل النقاط معًا.
        """,
        fr="""
        Les points sont presque alignés ! Demandons à scikit-learn de trouver la **droite
        d'ajustement** : la droite la plus proche de tous les points à la fois.
        """,
        en="""
        The points are almost on a straight line! Let us ask scikit-learn for the **line of best
        fit**: the line closest to all the points at once.
        """,
    ),
    code(
        """
        X = height.reshape(-1, 1)
        line = LinearRegression().fit(X, arm_span)
        print("<<p_slope>>", round(line.coef_[0], 2), "  <<p_start>>", round(line.intercept_, 1))

        for h in [150, 180]:
            print(h, "cm ->", round(line.predict([[h]])[0], 1), "cm")

        xs = np.linspace(140, 185, 50).reshape(-1, 1)
        fig, ax = plt.subplots(figsize=(5, 4))
        ax.scatter(height, arm_span)
        ax.plot(xs, line.predict(xs), color="tab:red")
        ax.set_xlabel("height (cm)")
        ax.set_ylabel("arm span (cm)")
        plt.show()
        """,
        p_slope=tr("الميل:", "pente :", "slope:"),
        p_start=tr("نقطة البداية:", "ordonnée à l'origine :", "intercept:"),
    ),
    md(
        ar="""
        **الميل** قريب من 1: كل سنتيمتر إضافي في الطول يعني تقريبًا سنتيمترًا إضافيًا في امتداد الذراعين.

        ## كم يخطئ النموذج؟

        لكل تلميذ، الخطأ (error) هو الفرق بين القياس الحقيقي وتنبؤ الخط. نرسم الأخطاء خطوطًا رمادية،
        ثم نحسب **متوسط الخطأ** بالسنتيمتر.
        """,
        fr="""
        La **pente** est proche de 1 : chaque centimètre de taille en plus donne à peu près un
        centimètre d'envergure en plus.

        ## De combien le modèle se trompe-t-il ?

        Pour chaque élève, l'erreur est la différence entre la vraie mesure et la prédiction de la
        droite. On dessine les erreurs en gris, puis on calcule l'**erreur moyenne** en centimètres.
        """,
        en="""
        The **slope** is close to 1: each extra centimetre of height means about one extra
        centimetre of arm span.

        ## How wrong is the model?

        For each student, the error is the difference between the real measurement and the line's
        prediction. We draw the errors as grey lines, then compute the **mean error** in centimetres.
        """,
    ),
    code(
        """
        predicted = line.predict(X)
        errors = arm_span - predicted
        print("<<p_mean_error>>", round(np.abs(errors).mean(), 2), "cm")

        fig, ax = plt.subplots(figsize=(5, 4))
        ax.vlines(height, predicted, arm_span, color="gray")
        ax.scatter(height, arm_span)
        ax.plot(xs, line.predict(xs), color="tab:red")
        ax.set_xlabel("height (cm)")
        ax.set_ylabel("arm span (cm)")
        plt.show()
        """,
        p_mean_error=tr("متوسط الخطأ:", "erreur moyenne :", "mean error:"),
    ),
    md(
        ar="""
        ## قيمة شاذة (outlier)

        تخيّلوا أن أحدًا أخطأ في الكتابة فسجّل 250 سم بدل 160 سم. هذه قيمة شاذة.
        ماذا يحدث للخط؟
        """,
        fr="""
        ## Une valeur aberrante

        Imaginez qu'une personne se trompe en recopiant et écrive 250 cm au lieu de 160 cm.
        C'est une valeur aberrante. Que devient la droite ?
        """,
        en="""
        ## An outlier

        Imagine someone made a typing mistake and wrote 250 cm instead of 160 cm. That is an
        outlier. What happens to the line?
        """,
    ),
    code(
        """
        height_typo = np.append(height, 160)
        arm_typo = np.append(arm_span, 250)
        line_typo = LinearRegression().fit(height_typo.reshape(-1, 1), arm_typo)
        print("<<p_slope>>", round(line.coef_[0], 2), "->", round(line_typo.coef_[0], 2))
        print("150 cm ->", round(line_typo.predict([[150]])[0], 1), "cm")

        fig, ax = plt.subplots(figsize=(5, 4))
        ax.scatter(height_typo, arm_typo)
        ax.plot(xs, line.predict(xs), color="tab:red", label="without outlier")
        ax.plot(xs, line_typo.predict(xs), color="tab:purple", linestyle="--", label="with outlier")
        ax.legend()
        plt.show()
        """,
        p_slope=tr("الميل:", "pente :", "slope:"),
    ),
    md(
        ar="""
        قيمة واحدة خاطئة سحبت الخط كله نحوها، فصارت كل التنبؤات أسوأ. لذلك نتفقّد البيانات (data) قبل التدريب.

        ## خط أم منحنى؟

        يمكن للنموذج أن يرسم منحنى بدل الخط. **الدرجة** (`degree`) تقول كم يمكن أن ينحني.
        نخفي 5 تلاميذ عن النموذج لنختبره عليهم، كما في درس فرط المواءمة (overfitting).
        """,
        fr="""
        Une seule valeur fausse a tiré toute la droite vers elle : toutes les prédictions sont
        devenues moins bonnes. C'est pourquoi on vérifie les données avant l'entraînement.

        ## Droite ou courbe ?

        Le modèle peut tracer une courbe au lieu d'une droite. Le **degré** (`degree`) dit combien
        elle peut se plier. On cache 5 élèves au modèle pour le tester, comme dans la leçon sur le
        surapprentissage.
        """,
        en="""
        One wrong value pulled the whole line towards it, so every prediction got worse. That is
        why we check the data before training.

        ## A line or a curve?

        The model can draw a curve instead of a line. The **degree** (`degree`) says how much it can
        bend. We hide 5 students from the model to test it on them, as in the overfitting lesson.
        """,
    ),
    code(
        """
        test = np.arange(len(height)) % 4 == 2
        fig, ax = plt.subplots(figsize=(6, 4))
        ax.scatter(height[~test], arm_span[~test], label="train")
        ax.scatter(height[test], arm_span[test], marker="x", s=80, label="test")
        for degree in [1, 3, 9]:
            curve = make_pipeline(StandardScaler(), PolynomialFeatures(degree), LinearRegression())
            curve.fit(X[~test], arm_span[~test])
            train_error = np.abs(curve.predict(X[~test]) - arm_span[~test]).mean()
            test_error = np.abs(curve.predict(X[test]) - arm_span[test]).mean()
            print(f"degree {degree}:  <<p_train>> {train_error:.1f} cm   <<p_test>> {test_error:.1f} cm")
            ax.plot(xs, curve.predict(xs), label=f"degree {degree}")
        ax.set_ylim(130, 195)
        ax.set_xlabel("height (cm)")
        ax.set_ylabel("arm span (cm)")
        ax.legend(loc="upper left")
        plt.show()
        """,
        p_train=tr("الخطأ في التدريب", "erreur entraînement", "training error"),
        p_test=tr("الخطأ في الاختبار", "erreur test", "test error"),
    ),
    md(
        ar="""
        المنحنى ذو الدرجة 9 يمرّ قرب كل نقاط التدريب، لكنه يتلوّى ويخطئ أكثر مع التلاميذ المخفيين.
        الخط البسيط يكفي هنا، والأبسط غالبًا أفضل.
        """,
        fr="""
        La courbe de degré 9 passe près de tous les points d'entraînement, mais elle ondule et
        se trompe davantage sur les élèves cachés. Ici, la droite suffit : le plus simple est souvent le mieux.
        """,
        en="""
        The degree-9 curve passes close to every training point, but it wiggles and makes bigger
        mistakes on the hidden students. A simple line is enough here: simpler is often better.
        """,
    ),
    md(
        ar="""
        ## تمارين

        1. قيسوا الطول وامتداد الذراعين لخمسة تلاميذ على الأقل في صفكم، وضعوا أرقامكم في `table`. هل يبقى الميل قريبًا من 1؟
        2. استعملوا الخط لتتنبؤوا بامتداد ذراعيكم من طولكم، ثم قيسوا. كم أخطأ النموذج؟
        3. ماذا يتنبأ النموذج لطفل طوله 90 سم؟ لماذا لا نثق كثيرًا بتنبؤ بعيد عن كل الأمثلة؟
        4. غيّروا القيمة الشاذة من 250 إلى 180. هل ما زالت تؤثّر كثيرًا؟
        5. **للنقاش:** بعض الشركات تتنبأ بأرقام عن الناس (مثل دخلهم). ماذا يحدث إذا أخطأ التنبؤ عن شخص معيّن؟
        """,
        fr="""
        ## Exercices

        1. Mesurez la taille et l'envergure d'au moins cinq élèves de votre classe et mettez vos nombres
           dans `table`. La pente reste-t-elle proche de 1 ?
        2. Utilisez la droite pour prédire votre envergure à partir de votre taille, puis mesurez.
           De combien le modèle s'est-il trompé ?
        3. Que prédit le modèle pour un enfant de 90 cm ? Pourquoi se méfier d'une prédiction loin de tous les exemples ?
        4. Changez la valeur aberrante de 250 en 180. A-t-elle encore autant d'effet ?
        5. **À discuter :** des entreprises prédisent des nombres sur les gens (leurs revenus par exemple).
           Que se passe-t-il si la prédiction est fausse pour une personne ?
        """,
        en="""
        ## Exercises

        1. Measure the height and arm span of at least five students in your class and put your numbers
           in `table`. Does the slope stay close to 1?
        2. Use the line to predict your arm span from your height, then measure it. How wrong was the model?
        3. What does the model predict for a child who is 90 cm tall? Why be careful with a prediction far
           from all the examples?
        4. Change the outlier from 250 to 180. Does it still have as much effect?
        5. **To discuss:** some companies predict numbers about people (their income, for example).
           What happens if the prediction is wrong for one person?
        """,
    ),
]
