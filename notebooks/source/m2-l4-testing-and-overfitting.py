"""Lesson 4 companion: testing a model, and overfitting, with a decision tree on moons."""

from _kit import code, md, tr

SLUG = "m2-l4-testing-and-overfitting"
LESSON = "m2-l4-testing-and-overfitting"

CELLS = [
    md(
        ar="""
        # الاختبار وفرط المواءمة (overfitting)

        تخيّلوا تلميذًا حفظ أجوبة امتحان العام الماضي عن ظهر قلب. هل سينجح في امتحان جديد؟
        النموذج (model) قد يفعل الشيء نفسه: يحفظ أمثلة التدريب بدل أن يفهم القاعدة.
        هذا اسمه **فرط المواءمة**، أي الحفظ بدل الفهم.

        في هذا الدفتر سنكشف ذلك بطريقة بسيطة: نختبر النموذج على أمثلة **لم يرها** من قبل.

        **طريقة العمل:** شغّلوا الخلايا بالترتيب بالضغط على `Shift + Enter`.
        """,
        fr="""
        # Tester un modèle et le surapprentissage

        Imaginez un élève qui a appris par cœur les réponses de l'examen de l'an dernier.
        Réussira-t-il un nouvel examen ? Un modèle peut faire pareil : apprendre par cœur
        les exemples d'entraînement au lieu de comprendre la règle. C'est le **surapprentissage**.

        Dans ce carnet, on le découvre simplement : on teste le modèle sur des exemples
        qu'il **n'a jamais vus**.

        **Mode d'emploi :** exécutez les cellules dans l'ordre avec `Maj + Entrée`.
        """,
        en="""
        # Testing and overfitting

        Imagine a student who learned last year's exam answers by heart. Will they pass a new
        exam? A model can do the same: memorise its training examples instead of understanding
        the rule. That is called **overfitting**.

        In this notebook we catch it in a simple way: we test the model on examples it has
        **never seen**.

        **How to use it:** run the cells in order with `Shift + Enter`.
        """,
    ),
    code(
        """
        import numpy as np
        import matplotlib.pyplot as plt
        from sklearn.datasets import make_moons
        from sklearn.model_selection import train_test_split
        from sklearn.tree import DecisionTreeClassifier

        %matplotlib inline
        """,
    ),
    md(
        ar="""
        ## البيانات: قمران متداخلان

        300 نقطة من فئتين على شكل هلالين. أضفنا بعض «الضجيج» (`noise`): نقاط في غير مكانها،
        مثل أخطاء القياس في الحياة الحقيقية.

        نقسم الأمثلة قسمين: **بيانات التدريب (training data)** يتعلّم منها النموذج،
        و**بيانات الاختبار (test data)** نخفيها عنه ونستعملها لاحقًا لنعرف هل فهم فعلًا.
        """,
        fr="""
        ## Les données : deux lunes emmêlées

        300 points de deux catégories, en forme de croissants. On ajoute un peu de « bruit »
        (`noise`) : des points mal placés, comme les erreurs de mesure dans la vraie vie.

        On coupe les exemples en deux : les **données d'entraînement**, pour apprendre,
        et les **données de test**, cachées au modèle, pour vérifier s'il a vraiment compris.
        """,
        en="""
        ## The data: two tangled moons

        300 points of two categories, shaped like crescents. We add some `noise`: points in
        the wrong place, like measuring mistakes in real life.

        We split the examples in two: **training data** the model learns from, and **test
        data** we hide from it, to check later whether it really understood.
        """,
    ),
    code(
        """
        X, y = make_moons(n_samples=300, noise=0.3, random_state=0)
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
        print("<<p_train>>", len(X_train), "  <<p_test>>", len(X_test))

        fig, ax = plt.subplots(figsize=(5, 4))
        ax.scatter(X_train[:, 0], X_train[:, 1], c=y_train, cmap="coolwarm", label="train")
        ax.scatter(X_test[:, 0], X_test[:, 1], c=y_test, cmap="coolwarm", marker="x", label="test")
        ax.legend()
        plt.show()
        """,
        p_train=tr("أمثلة التدريب:", "exemples d'entraînement :", "training examples:"),
        p_test=tr("أمثلة الاختبار:", "exemples de test :", "test examples:"),
    ),
    md(
        ar="""
        في الرسم: النقاط المستديرة `train` للتدريب، وعلامات `x` المسمّاة `test` للاختبار.

        ## شجرة القرار (decision tree)

        شجرة القرار تطرح أسئلة مثل «هل `x1` أكبر من 0.5؟» ثم تتفرّع. **العمق** (`max_depth`)
        هو عدد الأسئلة المتتالية المسموح بها. لنقارن شجرة قصيرة وشجرة عميقة جدًا.
        الدقة (accuracy) هي نسبة الأجوبة الصحيحة.
        """,
        fr="""
        Sur le dessin : les ronds `train` servent à l'entraînement, les croix `test` au test.

        ## L'arbre de décision

        Un arbre de décision pose des questions comme « `x1` est-il plus grand que 0,5 ? »
        puis se ramifie. La **profondeur** (`max_depth`) est le nombre de questions à la suite.
        Comparons un arbre court et un arbre très profond. L'exactitude est la part de bonnes réponses.
        """,
        en="""
        In the picture: round dots `train` are for training, crosses `test` are for testing.

        ## The decision tree

        A decision tree asks questions such as "is `x1` bigger than 0.5?" and then branches.
        The **depth** (`max_depth`) is how many questions it may ask in a row. Let us compare a
        short tree and a very deep one. Accuracy is the share of right answers.
        """,
    ),
    code(
        """
        for depth in [2, 15]:
            tree = DecisionTreeClassifier(max_depth=depth, random_state=0).fit(X_train, y_train)
            train_acc = tree.score(X_train, y_train)
            test_acc = tree.score(X_test, y_test)
            print(f"depth {depth:2d}:  <<p_train_acc>> {train_acc:.2f}   <<p_test_acc>> {test_acc:.2f}")
        """,
        p_train_acc=tr("الدقة في التدريب", "exactitude entraînement", "training accuracy"),
        p_test_acc=tr("الدقة في الاختبار", "exactitude test", "test accuracy"),
    ),
    md(
        ar="""
        الشجرة العميقة تصيب تقريبًا **كل** أمثلة التدريب، لكنها أضعف في الاختبار: لقد حفظت الضجيج.
        لنرَ ذلك في الرسم: كل شجرة تلوّن المكان بحسب جوابها.
        """,
        fr="""
        L'arbre profond réussit presque **tous** les exemples d'entraînement, mais il est moins bon
        au test : il a appris le bruit par cœur. Voyons-le : chaque arbre colorie le plan selon sa réponse.
        """,
        en="""
        The deep tree gets almost **all** training examples right, but it does worse on the test:
        it memorised the noise. Let us see it: each tree colours the plane by its answer.
        """,
    ),
    code(
        """
        def draw_tree(ax, depth):
            tree = DecisionTreeClassifier(max_depth=depth, random_state=0).fit(X_train, y_train)
            gx, gy = np.meshgrid(np.linspace(-2, 3, 200), np.linspace(-1.5, 2, 200))
            answers = tree.predict(np.c_[gx.ravel(), gy.ravel()]).reshape(gx.shape)
            ax.contourf(gx, gy, answers, alpha=0.3, cmap="coolwarm")
            ax.scatter(X_train[:, 0], X_train[:, 1], c=y_train, cmap="coolwarm", s=12)
            ax.set_title(f"max_depth = {depth}")

        fig, axes = plt.subplots(1, 2, figsize=(10, 4))
        draw_tree(axes[0], 2)
        draw_tree(axes[1], 15)
        plt.show()
        """,
    ),
    md(
        ar="""
        ## منحنى الدقة

        نجرّب كل الأعماق من 1 إلى 15، ونرسم الدقة في التدريب (`train`) والدقة في الاختبار (`test`).
        """,
        fr="""
        ## La courbe d'exactitude

        Essayons toutes les profondeurs de 1 à 15 et traçons l'exactitude à l'entraînement
        (`train`) et au test (`test`).
        """,
        en="""
        ## The accuracy curve

        We try every depth from 1 to 15 and plot the training accuracy (`train`) and the test
        accuracy (`test`).
        """,
    ),
    code(
        """
        depths = range(1, 16)
        train_scores, test_scores = [], []
        for depth in depths:
            tree = DecisionTreeClassifier(max_depth=depth, random_state=0).fit(X_train, y_train)
            train_scores.append(tree.score(X_train, y_train))
            test_scores.append(tree.score(X_test, y_test))

        fig, ax = plt.subplots(figsize=(6, 4))
        ax.plot(depths, train_scores, "o-", label="train")
        ax.plot(depths, test_scores, "s-", label="test")
        ax.set_xlabel("max_depth")
        ax.set_ylabel("accuracy")
        ax.legend()
        plt.show()

        best = depths[int(np.argmax(test_scores))]
        print("<<p_best>>", best)
        """,
        p_best=tr("أفضل عمق في الاختبار:", "meilleure profondeur au test :", "best depth on the test:"),
    ),
    md(
        ar="""
        **ماذا تلاحظون؟** الدقة في التدريب تصعد دائمًا. الدقة في الاختبار تصعد ثم تتوقف أو تنزل:
        من هناك يبدأ النموذج بالحفظ بدل الفهم. لهذا **نحكم على النموذج دائمًا بأمثلة لم يرها**.
        """,
        fr="""
        **Que remarquez-vous ?** L'exactitude à l'entraînement monte toujours. Celle du test monte,
        puis stagne ou baisse : à partir de là, le modèle apprend par cœur au lieu de comprendre.
        C'est pourquoi **on juge toujours un modèle sur des exemples qu'il n'a pas vus**.
        """,
        en="""
        **What do you notice?** Training accuracy always goes up. Test accuracy goes up, then stops
        or falls: from there on the model memorises instead of understanding. That is why **we
        always judge a model on examples it has not seen**.
        """,
    ),
    md(
        ar="""
        ## تمارين

        1. غيّروا `noise=0.3` إلى `0.1` ثم إلى `0.5`. كيف يتغيّر أفضل عمق؟ لماذا؟
        2. غيّروا `n_samples=300` إلى `1000`. هل ما زالت الشجرة العميقة تحفظ بالقدر نفسه؟
        3. جرّبوا `test_size=0.1`. هل نثق بنتيجة اختبار على 30 مثالًا فقط؟
        4. اشرحوا بكلماتكم لصديق الفرق بين «حفظ» الأجوبة و«فهم» القاعدة، بمثال من المدرسة.
        5. **للنقاش:** اخترنا أفضل عمق بالنظر إلى نتائج الاختبار. هل بقي الاختبار «سرًّا» عن النموذج؟
        """,
        fr="""
        ## Exercices

        1. Changez `noise=0.3` en `0.1`, puis en `0.5`. Comment change la meilleure profondeur ? Pourquoi ?
        2. Changez `n_samples=300` en `1000`. L'arbre profond apprend-il toujours autant par cœur ?
        3. Essayez `test_size=0.1`. Peut-on faire confiance à un test sur 30 exemples seulement ?
        4. Expliquez à un ami, avec vos mots et un exemple de l'école, la différence entre
           « apprendre par cœur » et « comprendre la règle ».
        5. **À discuter :** nous avons choisi la meilleure profondeur en regardant le test.
           Le test est-il encore un « secret » pour le modèle ?
        """,
        en="""
        ## Exercises

        1. Change `noise=0.3` to `0.1`, then to `0.5`. How does the best depth change? Why?
        2. Change `n_samples=300` to `1000`. Does the deep tree still memorise as much?
        3. Try `test_size=0.1`. Can we trust a test on only 30 examples?
        4. Explain to a friend, in your own words and with a school example, the difference
           between "learning answers by heart" and "understanding the rule".
        5. **To discuss:** we chose the best depth by looking at the test results. Is the test
           still a "secret" from the model?
        """,
    ),
]
