"""Lesson 8 companion: which language is this? Letter sequences and naive Bayes."""

from _kit import code, md, tr

SLUG = "m3-l8-reading-arabic"
LESSON = "m3-l8-reading-arabic"

CELLS = [
    md(
        ar="""
        # تعليم الحاسوب قراءة العربية

        في لبنان نكتب رسائلنا بثلاث طرق على الأقل: بالعربية، وبـ«العربيزي» (عربية بأحرف لاتينية وأرقام مثل 3 و7)،
        وبالفرنسية. هل يستطيع الحاسوب أن يعرف بأي طريقة كُتبت الجملة؟

        الحاسوب لا يفهم الكلمات. لكنه يستطيع أن يعدّ **تسلسلات الأحرف (character n-grams)**:
        أزواج أو مجموعات صغيرة من الأحرف المتتالية، مثل «ال» في العربية أو «3a» في العربيزي.

        **طريقة العمل:** شغّلوا الخلايا بالترتيب بالضغط على `Shift + Enter`.
        """,
        fr="""
        # Apprendre à un ordinateur à lire l'arabe

        Au Liban, on écrit nos messages d'au moins trois façons : en arabe, en « arabizi »
        (de l'arabe en lettres latines et en chiffres comme 3 et 7) et en français.
        L'ordinateur peut-il deviner comment une phrase est écrite ?

        L'ordinateur ne comprend pas les mots. Mais il peut compter des **suites de lettres
        (n-grammes)** : des paires ou petits groupes de lettres qui se suivent, comme « ال »
        en arabe ou « 3a » en arabizi.

        **Mode d'emploi :** exécutez les cellules dans l'ordre avec `Maj + Entrée`.
        """,
        en="""
        # Teaching a computer to read Arabic

        In Lebanon we write our messages in at least three ways: in Arabic, in "Arabizi" (Arabic in
        Latin letters and digits such as 3 and 7) and in French. Can a computer tell which way a
        sentence is written?

        The computer does not understand words. But it can count **letter sequences (character
        n-grams)**: pairs or small groups of letters that follow each other, like «ال» in Arabic or
        "3a" in Arabizi.

        **How to use it:** run the cells in order with `Shift + Enter`.
        """,
    ),
    code(
        """
        import re
        from collections import Counter

        import numpy as np
        import matplotlib.pyplot as plt
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.naive_bayes import MultinomialNB

        %matplotlib inline
        """,
    ),
    md(
        ar="""
        ## الجمل التي نتعلّم منها

        كتبنا 30 جملة قصيرة، لكل جملة تسمية (label): `arabic` أو `arabizi` أو `french`.
        """,
        fr="""
        ## Les phrases d'entraînement

        Nous avons écrit 30 phrases courtes, chacune avec une étiquette : `arabic`, `arabizi` ou `french`.
        """,
        en="""
        ## The sentences we learn from

        We wrote 30 short sentences, each with a label: `arabic`, `arabizi` or `french`.
        """,
    ),
    code(
        """
        examples = [
            ("ذهبت إلى المدرسة في الصباح", "arabic"),
            ("الطقس جميل اليوم في بيروت", "arabic"),
            ("أحب قراءة القصص مع أختي", "arabic"),
            ("نلعب كرة القدم بعد الدرس", "arabic"),
            ("المعلمة تشرح درس العلوم", "arabic"),
            ("شربت كوبا من الحليب", "arabic"),
            ("البحر قريب من بيتنا", "arabic"),
            ("سأزور جدتي في الجبل", "arabic"),
            ("هذا الكتاب مفيد جدا", "arabic"),
            ("نكتب الواجب في الدفتر", "arabic"),
            ("kifak? shu 3am ta3mel lyom", "arabizi"),
            ("yalla ntla2a ba3d l madrase", "arabizi"),
            ("ana ktir ta3ban lyom", "arabizi"),
            ("bade rou7 3al ba7er", "arabizi"),
            ("el jaw 7elo ktir lyom", "arabizi"),
            ("shu akalt 3al ghada?", "arabizi"),
            ("ba3atlak el wajib 3al whatsapp", "arabizi"),
            ("mish 3am befham el dars", "arabizi"),
            ("khallina nel3ab football", "arabizi"),
            ("te3bet ktir bas mabsouta", "arabizi"),
            ("Je vais à l'école le matin", "french"),
            ("Il fait beau aujourd'hui à Beyrouth", "french"),
            ("J'aime lire des histoires avec ma sœur", "french"),
            ("On joue au football après le cours", "french"),
            ("La maîtresse explique la leçon de sciences", "french"),
            ("J'ai bu un verre de lait", "french"),
            ("La mer est près de notre maison", "french"),
            ("Je vais rendre visite à ma grand-mère", "french"),
            ("Ce livre est très utile", "french"),
            ("On écrit les devoirs dans le cahier", "french"),
        ]
        texts = [text for text, label in examples]
        labels = [label for text, label in examples]
        print(Counter(labels))
        """,
    ),
    md(
        ar="""
        ## نعدّ أزواج الأحرف بأنفسنا

        قبل أن نستعمل scikit-learn، لنعدّ أزواج الأحرف المتتالية في كل الجمل ذات التسمية نفسها،
        ونعرض الأزواج الخمسة الأكثر تكرارًا لكل تسمية.
        """,
        fr="""
        ## Compter les paires de lettres nous-mêmes

        Avant scikit-learn, comptons les paires de lettres qui se suivent dans toutes les phrases
        d'une même étiquette, et affichons les cinq paires les plus fréquentes pour chaque étiquette.
        """,
        en="""
        ## Counting letter pairs ourselves

        Before scikit-learn, let us count the pairs of letters that follow each other in all the
        sentences with the same label, and show the five most frequent pairs for each label.
        """,
    ),
    code(
        """
        def letter_pairs(text):
            text = text.lower()
            return [text[i:i + 2] for i in range(len(text) - 1) if " " not in text[i:i + 2]]

        for label in ["arabic", "arabizi", "french"]:
            pairs = Counter()
            for text, text_label in examples:
                if text_label == label:
                    pairs.update(letter_pairs(text))
            print(label, pairs.most_common(5))
        """,
    ),
    md(
        ar="""
        ## مُصنِّف بايز البسيط (naive Bayes)

        `CountVectorizer` يعدّ تسلسلات الأحرف في كل جملة. ثم يتعلّم مُصنِّف (classifier) بايز البسيط،
        لكل تسمية، كم مرة يظهر كل تسلسل. أمام جملة جديدة، يحسب احتمال (probability) كل تسمية:
        أي لغة تجعل هذه التسلسلات أكثر توقّعًا؟

        `ngram_range=(1, 2)` تعني: نعدّ الأحرف المفردة وأزواج الأحرف.
        """,
        fr="""
        ## Le classifieur de Bayes naïf

        `CountVectorizer` compte les suites de lettres de chaque phrase. Le classifieur de Bayes naïf
        apprend ensuite, pour chaque étiquette, combien de fois chaque suite apparaît. Devant une
        nouvelle phrase, il calcule la probabilité de chaque étiquette : quelle langue rend ces suites
        les plus attendues ?

        `ngram_range=(1, 2)` veut dire : on compte les lettres seules et les paires de lettres.
        """,
        en="""
        ## The naive Bayes classifier

        `CountVectorizer` counts the letter sequences in each sentence. The naive Bayes classifier
        then learns, for each label, how often each sequence appears. Given a new sentence, it
        computes the probability of each label: which language makes these sequences most expected?

        `ngram_range=(1, 2)` means: count single letters and pairs of letters.
        """,
    ),
    code(
        """
        vectorizer = CountVectorizer(analyzer="char_wb", ngram_range=(1, 2), lowercase=True)
        counts = vectorizer.fit_transform(texts)
        model = MultinomialNB().fit(counts, labels)
        print(counts.shape[1], "<<p_sequences>>")

        # <<c_top>>
        names = vectorizer.get_feature_names_out()
        for label, scores in zip(model.classes_, model.feature_log_prob_):
            top = [names[i] for i in np.argsort(scores)[::-1] if len(names[i].strip()) == 2][:8]
            print(label, top)
        """,
        p_sequences=tr("تسلسل أحرف مختلف", "suites de lettres différentes", "different letter sequences"),
        c_top=tr(
            "أزواج الأحرف الأكثر احتمالًا لكل تسمية",
            "Les paires de lettres les plus probables pour chaque étiquette",
            "The most likely letter pairs for each label",
        ),
    ),
    md(
        ar="""
        ## لنجرّب جملًا جديدة

        هذه جمل لم يرها النموذج (model). لكل جملة نطبع التنبؤ (prediction) واحتمال كل تسمية،
        ونرسم احتمالات الجملة الأخيرة.
        """,
        fr="""
        ## Essayons de nouvelles phrases

        Le modèle n'a jamais vu ces phrases. Pour chacune, on affiche la prédiction et la probabilité
        de chaque étiquette, puis on dessine les probabilités de la dernière phrase.
        """,
        en="""
        ## Let us try new sentences

        The model has never seen these sentences. For each one we print the prediction and the
        probability of each label, then draw the probabilities for the last sentence.
        """,
    ),
    code(
        """
        def guess(sentences):
            chances = model.predict_proba(vectorizer.transform(sentences))
            for sentence, row in zip(sentences, chances):
                shown = {str(label): round(float(p), 2) for label, p in zip(model.classes_, row)}
                print(str(model.classes_[row.argmax()]), shown, "<-", sentence)
            return chances

        new_sentences = [
            "مرحبا كيف حالك",
            "marhaba kifak, shu l akhbar?",
            "Bonjour, comment ça va ?",
            "3am edros la l emti7an",
        ]
        chances = guess(new_sentences)

        fig, ax = plt.subplots(figsize=(5, 3))
        ax.bar(model.classes_, chances[-1])
        ax.set_ylabel("probability")
        ax.set_ylim(0, 1)
        plt.show()
        """,
    ),
    md(
        ar="""
        ## التشكيل (الحركات)

        جمل التدريب مكتوبة بلا تشكيل. ماذا يحدث لجملة مشكولة؟ الحركات أحرف إضافية لم يرها النموذج،
        وهي تقطع أزواج الأحرف المعروفة. لنقارن الجملة مع التشكيل وبعد حذفه.
        """,
        fr="""
        ## Les voyelles courtes (diacritiques)

        Les phrases d'entraînement sont écrites sans voyelles courtes (tachkil). Que se passe-t-il avec
        une phrase vocalisée ? Les diacritiques sont des caractères en plus que le modèle n'a jamais
        vus, et ils coupent les paires de lettres connues. Comparons la phrase avec et sans diacritiques.
        """,
        en="""
        ## Diacritics (short vowel marks)

        The training sentences are written without diacritics (tashkeel). What happens with a fully
        marked sentence? The marks are extra characters the model has never seen, and they break up
        the letter pairs it knows. Let us compare the sentence with and without its marks.
        """,
    ),
    code(
        """
        def remove_diacritics(text):
            # <<c_marks>>
            return re.sub("[\\u064B-\\u0652]", "", text)

        marked = "ذَهَبَ الوَلَدُ إِلى المَدْرَسَةِ"
        guess([marked, remove_diacritics(marked)])
        print(len(letter_pairs(marked)), "->", len(letter_pairs(remove_diacritics(marked))))
        """,
        c_marks=tr(
            "الحركات من الفتحتين (U+064B) إلى السكون (U+0652)",
            "Les signes, du fathatan (U+064B) au soukoun (U+0652)",
            "The marks from fathatan (U+064B) to sukun (U+0652)",
        ),
    ),
    md(
        ar="""
        ## تمارين

        1. غيّروا `ngram_range=(1, 2)` إلى `(1, 1)` ثم إلى `(2, 3)`. أيّها يخطئ أكثر مع الجمل الجديدة؟
        2. أضيفوا ثلاث جمل جديدة لكل تسمية في `examples`، ثم أعيدوا تشغيل الخلايا. هل تغيّرت الاحتمالات؟
        3. اكتبوا جملة بالعربيزي تخدع النموذج فيظنّها فرنسية. ما الذي خدعه؟
        4. جرّبوا جملة تخلط اللغتين كما نتكلّم أحيانًا: `"ana rayi7 3al cinéma ce soir"`. ماذا يقول النموذج؟ هل هناك جواب صحيح واحد؟
        5. **للنقاش:** لو استعمل تطبيق هذا النموذج ليحجب الرسائل «غير العربية»، مَن قد يُظلم؟
        """,
        fr="""
        ## Exercices

        1. Changez `ngram_range=(1, 2)` en `(1, 1)`, puis en `(2, 3)`. Lequel se trompe le plus sur les nouvelles phrases ?
        2. Ajoutez trois phrases par étiquette dans `examples`, puis exécutez à nouveau les cellules.
           Les probabilités ont-elles changé ?
        3. Écrivez une phrase en arabizi qui trompe le modèle : il la croit française. Qu'est-ce qui l'a trompé ?
        4. Essayez une phrase qui mélange les langues, comme on parle souvent : `"ana rayi7 3al cinéma ce soir"`.
           Que dit le modèle ? Y a-t-il une seule bonne réponse ?
        5. **À discuter :** si une application utilisait ce modèle pour bloquer les messages « pas en arabe »,
           qui serait traité injustement ?
        """,
        en="""
        ## Exercises

        1. Change `ngram_range=(1, 2)` to `(1, 1)`, then to `(2, 3)`. Which one makes more mistakes on the new sentences?
        2. Add three sentences for each label to `examples`, then run the cells again. Did the probabilities change?
        3. Write an Arabizi sentence that fools the model into thinking it is French. What fooled it?
        4. Try a sentence that mixes languages, as we often speak: `"ana rayi7 3al cinéma ce soir"`.
           What does the model say? Is there one right answer?
        5. **To discuss:** if an app used this model to block messages that are "not Arabic", who would be treated unfairly?
        """,
    ),
]
