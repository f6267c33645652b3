"""Lesson 2 companion: learning from examples with k nearest neighbours."""

from _kit import code, md, tr

SLUG = "m1-l2-nearest-neighbours"
LESSON = "m1-l2-nearest-neighbours"

CELLS = [
    md(
        ar="""
        # التعلّم من الأمثلة: أقرب الجيران (nearest neighbours)

        في هذا الدفتر سنعلّم الحاسوب أن يصنّف نقاطًا جديدة بالنظر إلى أمثلة يعرفها.
        الفكرة بسيطة: **قل لي مَن جيرانك، أقل لك مَن أنت.**

        **طريقة العمل:** اضغطوا على خلية الشيفرة ثم على `Shift + Enter` لتشغيلها.
        شغّلوا الخلايا بالترتيب من الأعلى إلى الأسفل.
        """,
        fr="""
        # Apprendre à partir d'exemples : les plus proches voisins

        Dans ce carnet, nous allons apprendre à l'ordinateur à classer de nouveaux points
        en regardant des exemples qu'il connaît déjà. L'idée est simple :
        **dis-moi qui sont tes voisins, je te dirai qui tu es.**

        **Mode d'emploi :** cliquez sur une cellule de code puis appuyez sur `Maj + Entrée`
        pour l'exécuter. Exécutez les cellules dans l'ordre, de haut en bas.
        """,
        en="""
        # Learning from examples: nearest neighbours

        In this notebook you will teach the computer to sort new points by looking at
        examples it already knows. The idea is simple:
        **tell me who your neighbours are, and I will tell you who you are.**

        **How to use it:** click a code cell, then press `Shift + Enter` to run it.
        Run the cells in order, from top to bottom.
        """,
    ),
    code(
        """
        # <<c_tools>>
        import numpy as np
        import matplotlib.pyplot as plt
        from sklearn.datasets import make_blobs
        from sklearn.neighbors import KNeighborsClassifier

        %matplotlib inline
        """,
        c_tools=tr("نحضّر الأدوات التي سنستعملها", "On prépare les outils", "Get the tools ready"),
    ),
    md(
        ar="""
        ## البيانات (data)

        لدينا 60 مثالًا (example). لكل مثال خاصيتان (feature) هما رقمان `x1` و`x2`،
        وتسمية (label) تقول إلى أي فئة (category) ينتمي: الفئة `0` أو الفئة `1`.
        """,
        fr="""
        ## Les données

        Nous avons 60 exemples. Chaque exemple a deux caractéristiques, deux nombres
        `x1` et `x2`, et une étiquette qui dit à quelle catégorie il appartient : `0` ou `1`.
        """,
        en="""
        ## The data

        We have 60 examples. Each example has two features, the numbers `x1` and `x2`,
        and a label that says which category it belongs to: `0` or `1`.
        """,
    ),
    code(
        """
        X, y = make_blobs(n_samples=60, centers=2, cluster_std=3.0, random_state=7)

        # <<c_first>>
        print(X[:5].round(1))
        print(y[:5])
        """,
        c_first=tr(
            "أول خمسة أمثلة: خاصيتان لكل مثال، ثم التسميات",
            "Les cinq premiers exemples : deux caractéristiques chacun, puis les étiquettes",
            "The first five examples: two features each, then their labels",
        ),
    ),
    md(
        ar="""
        لنرسم الأمثلة. كل نقطة مثال، ولونها تسميتها.
        الكتابة داخل الرسوم بالأحرف اللاتينية والأرقام فقط، لأن مكتبة الرسم لا تكتب العربية جيدًا.
        """,
        fr="""
        Dessinons les exemples. Chaque point est un exemple, sa couleur est son étiquette.
        Les textes des graphiques restent en lettres latines et en chiffres.
        """,
        en="""
        Let us draw the examples. Each dot is one example; its colour is its label.
        """,
    ),
    code(
        """
        def draw_examples(ax):
            ax.scatter(X[y == 0, 0], X[y == 0, 1], c="tab:blue", label="0")
            ax.scatter(X[y == 1, 0], X[y == 1, 1], c="tab:orange", marker="^", label="1")
            ax.set_xlabel("x1")
            ax.set_ylabel("x2")

        fig, ax = plt.subplots(figsize=(5, 4))
        draw_examples(ax)
        ax.legend()
        plt.show()
        """,
    ),
    md(
        ar="""
        ## نقطة جديدة: إلى أي فئة تنتمي؟

        نضع نقطة جديدة في منتصف الأمثلة تمامًا. خوارزمية (algorithm) أقرب الجيران تعمل هكذا:
        1. نقيس المسافة بين النقطة الجديدة وكل مثال.
        2. نأخذ أقرب `k` أمثلة (هنا `k = 5`).
        3. نصوّت: الفئة الأكثر بين الجيران هي الجواب.
        """,
        fr="""
        ## Un nouveau point : à quelle catégorie appartient-il ?

        Plaçons un nouveau point juste au milieu des exemples. L'algorithme des plus
        proches voisins fonctionne ainsi :
        1. on mesure la distance entre le nouveau point et chaque exemple ;
        2. on garde les `k` exemples les plus proches (ici `k = 5`) ;
        3. on vote : la catégorie la plus fréquente parmi ces voisins est la réponse.
        """,
        en="""
        ## A new point: which category is it?

        We put a new point right in the middle of the examples. The nearest neighbours
        algorithm works like this:
        1. measure the distance from the new point to every example;
        2. keep the `k` closest examples (here `k = 5`);
        3. vote: the category that most neighbours have is the answer.
        """,
    ),
    code(
        """
        new_point = X.mean(axis=0)
        k = 5

        distances = np.sqrt(((X - new_point) ** 2).sum(axis=1))
        nearest = np.argsort(distances)[:k]
        votes = np.bincount(y[nearest], minlength=2)

        print("<<p_labels>>", y[nearest])
        print("<<p_votes>>", votes)
        print("<<p_answer>>", votes.argmax())
        """,
        p_labels=tr("تسميات أقرب الجيران:", "étiquettes des voisins :", "labels of the neighbours:"),
        p_votes=tr("الأصوات (0، 1):", "votes (0, 1) :", "votes (0, 1):"),
        p_answer=tr("الجواب:", "réponse :", "answer:"),
    ),
    code(
        """
        fig, ax = plt.subplots(figsize=(5, 4))
        draw_examples(ax)
        # <<c_circle>>
        ax.scatter(X[nearest, 0], X[nearest, 1], s=250, facecolors="none", edgecolors="black")
        ax.scatter(*new_point, c="red", marker="*", s=250, label="?")
        ax.legend()
        plt.show()
        """,
        c_circle=tr("نرسم دائرة حول كل جار", "On entoure chaque voisin", "Circle each neighbour"),
    ),
    md(
        ar="""
        ## الشيء نفسه مع scikit-learn

        مكتبة scikit-learn تقوم بهذه الخطوات عنّا. نعطيها الأمثلة فتبني نموذجًا (model)،
        وهذا هو تدريب النموذج (training). ثم نطلب منها تنبؤًا (prediction).
        """,
        fr="""
        ## La même chose avec scikit-learn

        La bibliothèque scikit-learn fait ces étapes pour nous. On lui donne les exemples :
        elle construit un modèle, c'est l'entraînement. Puis on lui demande une prédiction.
        """,
        en="""
        ## The same with scikit-learn

        The scikit-learn library does these steps for us. We give it the examples and it
        builds a model: that is training. Then we ask it for a prediction.
        """,
    ),
    code(
        """
        model = KNeighborsClassifier(n_neighbors=5)
        model.fit(X, y)
        print("<<p_predict>>", model.predict([new_point]))
        """,
        p_predict=tr("تنبؤ النموذج:", "prédiction du modèle :", "the model predicts:"),
    ),
    md(
        ar="""
        ## خريطة الألوان: جواب النموذج في كل مكان

        نسأل النموذج عن آلاف النقاط، ونلوّن كل نقطة بجوابه. لنقارن `k = 1` و`k = 15`.
        """,
        fr="""
        ## La carte des couleurs : la réponse du modèle partout

        On pose la question pour des milliers de points et on colorie chacun selon la réponse.
        Comparons `k = 1` et `k = 15`.
        """,
        en="""
        ## The colour map: the model's answer everywhere

        We ask the model about thousands of points and colour each one by its answer.
        Let us compare `k = 1` and `k = 15`.
        """,
    ),
    code(
        """
        def draw_regions(ax, k):
            model = KNeighborsClassifier(n_neighbors=k).fit(X, y)
            xs = np.linspace(X[:, 0].min() - 1, X[:, 0].max() + 1, 150)
            ys = np.linspace(X[:, 1].min() - 1, X[:, 1].max() + 1, 150)
            gx, gy = np.meshgrid(xs, ys)
            answers = model.predict(np.c_[gx.ravel(), gy.ravel()]).reshape(gx.shape)
            ax.contourf(gx, gy, answers, alpha=0.25, cmap="coolwarm")
            draw_examples(ax)
            ax.set_title(f"k = {k}")

        fig, axes = plt.subplots(1, 2, figsize=(10, 4))
        draw_regions(axes[0], 1)
        draw_regions(axes[1], 15)
        plt.show()
        """,
    ),
    md(
        ar="""
        **ماذا تلاحظون؟** مع `k = 1` يتبع النموذج كل مثال وحده، حتى المثال الغريب، فتظهر «جزر» صغيرة.
        مع `k = 15` تصبح الحدود أنعم، لأن كل جواب تصويت بين جيران كثيرين.
        """,
        fr="""
        **Que remarquez-vous ?** Avec `k = 1`, le modèle suit chaque exemple, même un exemple
        bizarre : de petites « îles » apparaissent. Avec `k = 15`, la frontière est plus lisse,
        car chaque réponse est un vote entre beaucoup de voisins.
        """,
        en="""
        **What do you notice?** With `k = 1` the model follows every single example, even an
        odd one, so small "islands" appear. With `k = 15` the border is smoother, because every
        answer is a vote among many neighbours.
        """,
    ),
    md(
        ar="""
        ## تمارين

        1. غيّروا `new_point` إلى `np.array([0.0, 0.0])` ثم إلى نقطة من اختياركم. توقّعوا الجواب **قبل** التشغيل.
        2. جرّبوا `k = 2`. ماذا يحدث إذا تعادلت الأصوات؟ لماذا يُفضَّل عدد فردي؟
        3. غيّروا `cluster_std=3.0` إلى `5.0` لتختلط الفئتان. هل يصبح النموذج أكثر ترددًا؟
        4. **للنقاش:** الآلة تحكم على نقطة بحسب جيرانها. أين يحكم الناس على شخص بحسب «جيرانه»؟ هل هذا منصف؟
        """,
        fr="""
        ## Exercices

        1. Remplacez `new_point` par `np.array([0.0, 0.0])`, puis par un point de votre choix.
           Prévoyez la réponse **avant** d'exécuter.
        2. Essayez `k = 2`. Que se passe-t-il en cas d'égalité des votes ? Pourquoi préfère-t-on un nombre impair ?
        3. Changez `cluster_std=3.0` en `5.0` pour mélanger les deux catégories. Le modèle hésite-t-il davantage ?
        4. **À discuter :** la machine juge un point d'après ses voisins. Où juge-t-on une personne
           d'après ses « voisins » ? Est-ce juste ?
        """,
        en="""
        ## Exercises

        1. Change `new_point` to `np.array([0.0, 0.0])`, then to a point of your choice.
           Predict the answer **before** you run the cell.
        2. Try `k = 2`. What happens when the votes are tied? Why do people prefer an odd number?
        3. Change `cluster_std=3.0` to `5.0` so the two categories mix. Does the model hesitate more?
        4. **To discuss:** the machine judges a point by its neighbours. Where do people judge
           someone by their "neighbours"? Is that fair?
        """,
    ),
]
