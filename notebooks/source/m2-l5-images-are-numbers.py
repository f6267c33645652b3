"""Lesson 5 companion: images are numbers (load_digits), and Eastern Arabic digits."""

from _kit import code, md, tr

SLUG = "m2-l5-images-are-numbers"
LESSON = "m2-l5-images-are-numbers"

CELLS = [
    md(
        ar="""
        # الصور أرقام

        بالنسبة إلى الحاسوب، الصورة جدول من الأرقام. كل مربّع صغير في الصورة اسمه بكسل (pixel)،
        ورقمه يقول كم هو داكن. في هذا الدفتر سنرى صور أرقام مكتوبة باليد، وندرّب نموذجًا (model)
        يتعرّف إليها، ثم نكتشف ماذا يحدث حين نريه الأرقام العربية المشرقية مثل ٧.

        **طريقة العمل:** شغّلوا الخلايا بالترتيب بالضغط على `Shift + Enter`.
        """,
        fr="""
        # Les images sont des nombres

        Pour un ordinateur, une image est un tableau de nombres. Chaque petit carré de l'image
        est un pixel, et son nombre dit s'il est foncé ou clair. Dans ce carnet, on regarde des
        chiffres écrits à la main, on entraîne un modèle à les reconnaître, puis on découvre
        ce qui se passe quand on lui montre un chiffre arabe oriental comme ٧ (sept).

        **Mode d'emploi :** exécutez les cellules dans l'ordre avec `Maj + Entrée`.
        """,
        en="""
        # Images are numbers

        To a computer, a picture is a table of numbers. Each small square of the picture is a
        pixel, and its number says how dark it is. In this notebook we look at handwritten
        digits, train a model to recognise them, then find out what happens when we show it an
        Eastern Arabic digit such as ٧ (seven).

        **How to use it:** run the cells in order with `Shift + Enter`.
        """,
    ),
    code(
        """
        import numpy as np
        import matplotlib.pyplot as plt
        from sklearn.datasets import load_digits
        from sklearn.metrics import confusion_matrix
        from sklearn.model_selection import train_test_split
        from sklearn.neighbors import KNeighborsClassifier

        %matplotlib inline

        # <<c_load>>
        digits = load_digits()
        print(len(digits.images), "<<p_images>>")
        """,
        c_load=tr(
            "مجموعة بيانات موجودة داخل scikit-learn، لا تحتاج إلى الإنترنت",
            "Un jeu de données livré avec scikit-learn : pas besoin d'Internet",
            "A dataset that ships with scikit-learn: no internet needed",
        ),
        p_images=tr("صورة", "images", "images"),
    ),
    md(
        ar="""
        ## صورة واحدة، 64 رقمًا

        كل صورة 8 × 8 بكسل. قيمة كل بكسل من 0 (أبيض) إلى 16 (أسود). هذه أول صورة كأرقام:
        """,
        fr="""
        ## Une image, 64 nombres

        Chaque image fait 8 × 8 pixels. Chaque pixel vaut de 0 (blanc) à 16 (noir).
        Voici la première image, en nombres :
        """,
        en="""
        ## One picture, 64 numbers

        Each picture is 8 × 8 pixels. Each pixel goes from 0 (white) to 16 (black).
        Here is the first picture, as numbers:
        """,
    ),
    code(
        """
        print(digits.images[0].astype(int))
        print("<<p_label>>", digits.target[0])
        """,
        p_label=tr("التسمية:", "étiquette :", "label:"),
    ),
    md(
        ar="""
        هل ترون الرقم 0 مرسومًا بالأرقام الكبيرة؟ والآن الصور نفسها كما يراها الإنسان.
        العنوان فوق كل صورة هو تسميتها (label).
        """,
        fr="""
        Voyez-vous le 0 dessiné par les grands nombres ? Voici maintenant les images comme un
        humain les voit. Le titre de chaque image est son étiquette.
        """,
        en="""
        Can you see the 0 drawn by the big numbers? Now the same pictures as a person sees them.
        The title above each picture is its label.
        """,
    ),
    code(
        """
        fig, axes = plt.subplots(2, 8, figsize=(10, 3))
        for ax, image, label in zip(axes.ravel(), digits.images, digits.target):
            ax.imshow(image, cmap="gray_r")
            ax.set_title(str(label))
            ax.axis("off")
        plt.show()
        """,
    ),
    md(
        ar="""
        ## تدريب مُصنِّف (classifier)

        نضع الأرقام الـ 64 لكل صورة في سطر واحد. نقسم الصور إلى بيانات تدريب وبيانات اختبار،
        ونستعمل أقرب الجيران (nearest neighbours): الصورة الجديدة تشبه أي الصور التي نعرفها؟
        """,
        fr="""
        ## Entraîner un classifieur

        On met les 64 nombres de chaque image sur une seule ligne. On sépare les images en données
        d'entraînement et de test, et on utilise les plus proches voisins : à quelles images connues
        la nouvelle image ressemble-t-elle ?
        """,
        en="""
        ## Training a classifier

        We put the 64 numbers of each picture in one row. We split the pictures into training and
        test data and use nearest neighbours: which known pictures does a new picture look like?
        """,
    ),
    code(
        """
        X = digits.data
        y = digits.target
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)

        model = KNeighborsClassifier(n_neighbors=5).fit(X_train, y_train)
        print("<<p_accuracy>>", round(model.score(X_test, y_test), 3))
        """,
        p_accuracy=tr("الدقة على صور الاختبار:", "exactitude sur les images de test :", "accuracy on the test pictures:"),
    ),
    md(
        ar="""
        ## مصفوفة الالتباس (confusion matrix)

        السطر هو الرقم الحقيقي، والعمود هو جواب النموذج. الأرقام على القطر أجوبة صحيحة،
        وكل رقم خارج القطر خطأ. أي رقمين يخلط بينهما النموذج أكثر؟
        """,
        fr="""
        ## La matrice de confusion

        La ligne est le vrai chiffre, la colonne la réponse du modèle. Les nombres sur la diagonale
        sont les bonnes réponses ; tout nombre hors de la diagonale est une erreur.
        Quels chiffres le modèle confond-il le plus ?
        """,
        en="""
        ## The confusion matrix

        The row is the true digit, the column is the model's answer. Numbers on the diagonal are
        right answers; any number off the diagonal is a mistake. Which digits does the model mix up most?
        """,
    ),
    code(
        """
        matrix = confusion_matrix(y_test, model.predict(X_test))

        fig, ax = plt.subplots(figsize=(5, 5))
        ax.imshow(matrix, cmap="Blues")
        for row in range(10):
            for col in range(10):
                ax.text(col, row, matrix[row, col], ha="center", va="center", fontsize=8)
        ax.set_xticks(range(10))
        ax.set_yticks(range(10))
        ax.set_xlabel("predicted")
        ax.set_ylabel("true")
        plt.show()
        """,
    ),
    md(
        ar="""
        ## الرقم العربي المشرقي ٧

        في لبنان نكتب الأرقام بطريقتين: 0–9 و٠–٩. كل صور التدريب بالأرقام الغربية فقط.
        لنرسم ٧ بأنفسنا على شبكة 8 × 8 ونسأل النموذج عن أفضل ثلاثة أجوبة.
        """,
        fr="""
        ## Le chiffre arabe oriental ٧

        Au Liban, on écrit les chiffres de deux façons : 0–9 et ٠–٩. Toutes les images
        d'entraînement sont en chiffres occidentaux. Dessinons nous-mêmes un ٧ (sept) sur une grille
        8 × 8 et demandons au modèle ses trois meilleures réponses.
        """,
        en="""
        ## The Eastern Arabic digit ٧

        In Lebanon people write digits in two ways: 0–9 and ٠–٩. All the training pictures use
        Western digits. Let us draw a ٧ (seven) ourselves on an 8 × 8 grid and ask the model for its
        top three answers.
        """,
    ),
    code(
        """
        seven = np.array([
            [16, 6, 0, 0, 0, 0, 6, 16],
            [12, 12, 0, 0, 0, 0, 12, 12],
            [4, 16, 2, 0, 0, 2, 16, 4],
            [0, 12, 10, 0, 0, 10, 12, 0],
            [0, 4, 16, 2, 2, 16, 4, 0],
            [0, 0, 12, 10, 10, 12, 0, 0],
            [0, 0, 4, 16, 16, 4, 0, 0],
            [0, 0, 0, 12, 12, 0, 0, 0],
        ])

        def top3(model, image):
            chances = model.predict_proba([image.ravel()])[0]
            best = np.argsort(chances)[::-1][:3]
            return [(int(model.classes_[i]), round(float(chances[i]), 2)) for i in best]

        plt.figure(figsize=(2, 2))
        plt.imshow(seven, cmap="gray_r")
        plt.axis("off")
        plt.show()
        print("<<p_top3>>", top3(model, seven))
        """,
        p_top3=tr("أفضل ثلاثة أجوبة (رقم، احتمال):", "trois meilleures réponses (chiffre, probabilité) :", "top three answers (digit, probability):"),
    ),
    md(
        ar="""
        النموذج لم يرَ ٧ من قبل، فيخلطه بأرقام غربية تشبهه. هو لا «يعرف» الأرقام، بل يعرف فقط الأمثلة التي رآها.

        **الحل:** نضيف أمثلة! نصنع عدة نسخ من رسمنا مُزاحة قليلًا، ونعطيها التسمية 7 لأن ٧ و7 هما العدد نفسه،
        ثم ندرّب النموذج من جديد.
        """,
        fr="""
        Le modèle n'a jamais vu de ٧ : il le confond avec des chiffres occidentaux qui lui ressemblent.
        Il ne « connaît » pas les chiffres, seulement les exemples qu'il a vus.

        **La solution :** ajouter des exemples ! On fabrique des copies de notre dessin, légèrement
        décalées, avec l'étiquette 7 (٧ et 7 sont le même nombre), puis on entraîne à nouveau.
        """,
        en="""
        The model has never seen a ٧, so it mixes it up with Western digits that look like it.
        It does not "know" digits, only the examples it has seen.

        **The fix:** add examples! We make a few copies of our drawing, shifted a little, label
        them 7 (٧ and 7 are the same number) and train again.
        """,
    ),
    code(
        """
        copies = [np.roll(np.roll(seven, dy, axis=0), dx, axis=1)
                  for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
        X_more = np.vstack([X_train] + [c.reshape(1, -1) for c in copies])
        y_more = np.concatenate([y_train, [7] * len(copies)])

        model_more = KNeighborsClassifier(n_neighbors=5).fit(X_more, y_more)

        # <<c_new>>
        thinner = np.where(seven > 8, seven, 0)
        print("<<p_top3>>", top3(model_more, thinner))
        print("<<p_accuracy>>", round(model_more.score(X_test, y_test), 3))
        """,
        c_new=tr(
            "نختبر برسم مختلف قليلًا: ٧ بخط أرفع لم يره النموذج",
            "On teste avec un dessin un peu différent : un ٧ plus fin, jamais vu",
            "Test with a slightly different drawing: a thinner ٧ the model has not seen",
        ),
        p_top3=tr("أفضل ثلاثة أجوبة:", "trois meilleures réponses :", "top three answers:"),
        p_accuracy=tr("الدقة على صور الاختبار القديمة:", "exactitude sur les anciennes images de test :", "accuracy on the old test pictures:"),
    ),
    md(
        ar="""
        ## تمارين

        1. ارسموا الرقم ٨ (يشبه حرف V مقلوبًا) على شبكة 8 × 8 كما فعلنا مع ٧. ماذا يظنّه النموذج؟
        2. أضيفوا نسخًا من رسمكم بالتسمية 8 ودرّبوا من جديد. هل تحسّن الجواب؟
        3. غيّروا `n_neighbors=5` إلى `1` ثم إلى `15`. كيف تتغيّر الدقة؟
        4. في مصفوفة الالتباس، اختاروا خطأً واحدًا وارسموا الصورة التي أخطأ فيها النموذج. هل كنتم ستخطئون أنتم أيضًا؟
        5. **للنقاش:** نموذج دُرِّب على أرقام بلد واحد يخطئ مع كتابة بلد آخر. أين يمكن أن يسبّب هذا ظلمًا؟
        """,
        fr="""
        ## Exercices

        1. Dessinez le chiffre ٨ (huit, en forme de V à l'envers) sur une grille 8 × 8, comme pour ٧.
           Que pense le modèle ?
        2. Ajoutez des copies de votre dessin avec l'étiquette 8 et entraînez à nouveau. La réponse s'améliore-t-elle ?
        3. Changez `n_neighbors=5` en `1`, puis en `15`. Comment change l'exactitude ?
        4. Dans la matrice de confusion, choisissez une erreur et affichez l'image ratée.
           Vous seriez-vous trompés, vous aussi ?
        5. **À discuter :** un modèle entraîné sur les chiffres d'un seul pays se trompe avec
           l'écriture d'un autre pays. Où cela pourrait-il être injuste ?
        """,
        en="""
        ## Exercises

        1. Draw the digit ٨ (eight, shaped like an upside-down V) on an 8 × 8 grid, as we did for ٧.
           What does the model think it is?
        2. Add copies of your drawing labelled 8 and train again. Does the answer improve?
        3. Change `n_neighbors=5` to `1`, then to `15`. How does the accuracy change?
        4. In the confusion matrix, pick one mistake and show the picture the model got wrong.
           Would you have got it wrong too?
        5. **To discuss:** a model trained on one country's handwriting makes mistakes with another
           country's. Where could that be unfair?
        """,
    ),
]
