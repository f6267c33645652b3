"""Lesson 9 companion: how chatbots guess the next word, with a word Markov model.

Each language learns from its own small invented text, so students see their own
language generated; the code is the same in all three notebooks.
"""

from _kit import code, md, tr

SLUG = "m3-l9-next-word"
LESSON = "m3-l9-next-word"

CORPUS = tr(
    ar="""في كل صباح نذهب إلى المدرسة. في المدرسة نقرأ ونكتب. في المدرسة نلعب في الساحة.
        بعد المدرسة نعود إلى البيت. في البيت نأكل مع العائلة. المعلمة تقرأ قصة عن البحر.
        البحر أزرق والسماء زرقاء. نحب البحر ونحب الجبل. على الجبل أشجار الأرز.
        أشجار الأرز قديمة وجميلة. في الصيف نذهب إلى الجبل. في الصيف نذهب إلى البحر أيضا.""",
    fr="""Chaque matin, nous allons à l'école. À l'école, nous lisons et nous écrivons.
        À l'école, nous jouons dans la cour. Après l'école, nous rentrons à la maison.
        À la maison, nous mangeons avec la famille. La maîtresse lit une histoire sur la mer.
        La mer est bleue et le ciel est bleu. Nous aimons la mer et nous aimons la montagne.
        Sur la montagne, il y a des cèdres. Les cèdres sont vieux et beaux.
        En été, nous allons à la montagne. En été, nous allons aussi à la mer.""",
    en="""Every morning we walk to school. At school we read and we write.
        At school we play in the yard. After school we walk home.
        At home we eat with the family. The teacher reads a story about the sea.
        The sea is blue and the sky is blue. We love the sea and we love the mountain.
        On the mountain there are cedar trees. The cedar trees are old and beautiful.
        In summer we go to the mountain. In summer we go to the sea too.""",
)

# The texts are indented above for reading; the notebook gets them flush left.
CORPUS = {lang: "\n".join(line.strip() for line in text.splitlines()) for lang, text in CORPUS.items()}

CELLS = [
    md(
        ar="""
        # كيف يخمّن روبوت المحادثة (chatbot) الكلمة التالية؟

        روبوتات المحادثة تكتب جملة كلمةً بعد كلمة. في كل خطوة تسأل: **ما الكلمة التالية (next word) الأكثر احتمالًا؟**
        سنبني نموذجًا لغويًا (language model) صغيرًا جدًا يتعلّم من نص قصير، ويعدّ أي كلمة تأتي بعد أي كلمة.

        **طريقة العمل:** شغّلوا الخلايا بالترتيب بالضغط على `Shift + Enter`.
        """,
        fr="""
        # Comment un chatbot devine-t-il le mot suivant ?

        Les chatbots écrivent une phrase mot après mot. À chaque pas, ils se demandent :
        **quel est le mot suivant le plus probable ?** Nous allons construire un tout petit modèle de
        langage qui apprend d'un texte court, en comptant quel mot vient après quel mot.

        **Mode d'emploi :** exécutez les cellules dans l'ordre avec `Maj + Entrée`.
        """,
        en="""
        # How chatbots guess the next word

        Chatbots write a sentence one word at a time. At each step they ask: **what is the most
        likely next word?** We will build a tiny language model that learns from a short text by
        counting which word comes after which word.

        **How to use it:** run the cells in order with `Shift + Enter`.
        """,
    ),
    code(
        """
        import re
        from collections import Counter, defaultdict

        import numpy as np
        import matplotlib.pyplot as plt

        %matplotlib inline
        """,
    ),
    md(
        ar="""
        ## النص الذي نتعلّم منه

        هذا نص قصير كتبناه للدرس. نقطّعه إلى كلمات، ونعامل النقطة `.` ككلمة تعني «نهاية الجملة».
        """,
        fr="""
        ## Le texte d'entraînement

        Voici un texte court écrit pour la leçon. On le découpe en mots, et le point `.` compte comme
        un mot qui veut dire « fin de la phrase ».
        """,
        en="""
        ## The text we learn from

        Here is a short text written for the lesson. We cut it into words, and the full stop `.`
        counts as a word meaning "end of the sentence".
        """,
    ),
    code(
        '''
        text = """<<corpus>>"""

        words = re.findall(r"\\w+|[.!?]", text.lower())
        print(len(words), "<<p_words>>")
        print(words[:12])
        ''',
        corpus=CORPUS,
        p_words=tr("كلمة", "mots", "words"),
    ),
    md(
        ar="""
        ## عدّ الكلمات التالية

        لكل «سياق» (الكلمة الأخيرة، أو آخر كلمتين)، نعدّ الكلمات التي جاءت بعده في النص.
        `context` هو عدد الكلمات التي ينظر إليها النموذج.
        """,
        fr="""
        ## Compter les mots suivants

        Pour chaque « contexte » (le dernier mot, ou les deux derniers mots), on compte les mots
        qui l'ont suivi dans le texte. `context` est le nombre de mots que le modèle regarde.
        """,
        en="""
        ## Counting next words

        For each "context" (the last word, or the last two words) we count the words that came
        after it in the text. `context` is how many words the model looks at.
        """,
    ),
    code(
        """
        def build_model(words, context):
            model = defaultdict(Counter)
            for i in range(len(words) - context):
                model[tuple(words[i:i + context])][words[i + context]] += 1
            return model

        def next_word_chances(model, prompt, context):
            counts = model.get(tuple(prompt.lower().split()[-context:]), Counter())
            total = sum(counts.values())
            return [(word, count / total) for word, count in counts.most_common()]

        model1 = build_model(words, context=1)
        prompt1 = "<<prompt1>>"
        chances = next_word_chances(model1, prompt1, context=1)
        for number, (word, p) in enumerate(chances, start=1):
            print(number, word, round(p, 2))
        """,
        prompt1=tr("في", "nous", "we"),
    ),
    md(
        ar="""
        كل كلمة لها احتمال (probability): عدد مرات ظهورها بعد السياق مقسومًا على المجموع.
        في الرسم، الأعمدة مرقّمة كما في القائمة أعلاه، لأن مكتبة الرسم لا تكتب العربية جيدًا.
        """,
        fr="""
        Chaque mot a une probabilité : le nombre de fois où il suit le contexte, divisé par le total.
        Sur le dessin, les barres sont numérotées comme dans la liste ci-dessus.
        """,
        en="""
        Each word has a probability: how many times it follows the context, divided by the total.
        In the picture the bars are numbered as in the list above.
        """,
    ),
    code(
        """
        def draw_chances(chances):
            fig, ax = plt.subplots(figsize=(6, 3))
            numbers = range(1, len(chances) + 1)
            ax.bar(numbers, [p for word, p in chances])
            ax.set_xticks(list(numbers))
            ax.set_xlabel("next word (number in the list)")
            ax.set_ylabel("probability")
            plt.show()

        draw_chances(chances)
        """,
    ),
    md(
        ar="""
        ## سياق أطول

        مع كلمتين من السياق، يصبح التخمين أدقّ، لكن النموذج يحتاج إلى نص أكبر ليتعلّم كل التركيبات.
        """,
        fr="""
        ## Un contexte plus long

        Avec deux mots de contexte, la devinette est plus précise, mais le modèle a besoin de plus de
        texte pour apprendre toutes les combinaisons.
        """,
        en="""
        ## A longer context

        With two words of context the guess is sharper, but the model needs more text to learn
        every combination.
        """,
    ),
    code(
        """
        model2 = build_model(words, context=2)
        prompt2 = "<<prompt2>>"
        chances2 = next_word_chances(model2, prompt2, context=2)
        for number, (word, p) in enumerate(chances2, start=1):
            print(number, word, round(p, 2))
        draw_chances(chances2)
        """,
        prompt2=tr("نذهب إلى", "la mer", "the sea"),
    ),
    md(
        ar="""
        ## كتابة نص: درجة العشوائية (temperature)

        لنكتب نصًا كاملًا: نختار الكلمة التالية بالقرعة حسب احتمالاتها، ثم نكرّر.
        **درجة العشوائية** تغيّر القرعة: قيمة صغيرة (0.3) تختار غالبًا الكلمة الأكثر احتمالًا،
        وقيمة كبيرة (3) تعطي الكلمات النادرة فرصة أكبر.
        """,
        fr="""
        ## Écrire un texte : la température (hasard)

        Écrivons un texte entier : on tire le mot suivant au sort selon ses probabilités, puis on
        recommence. La **température** change le tirage : une petite valeur (0,3) choisit presque
        toujours le mot le plus probable ; une grande valeur (3) donne plus de chances aux mots rares.
        """,
        en="""
        ## Writing text: temperature (randomness)

        Let us write a whole text: draw the next word at random according to its probabilities,
        then repeat. The **temperature** changes the draw: a small value (0.3) almost always picks
        the most likely word; a big value (3) gives rare words more of a chance.
        """,
    ),
    code(
        """
        def generate(model, start, context, n_words=15, temperature=1.0, seed=1):
            rng = np.random.default_rng(seed)
            result = start.lower().split()
            for _ in range(n_words):
                counts = model.get(tuple(result[-context:]))
                if not counts:
                    break
                options = list(counts)
                weights = np.array([counts[w] for w in options], dtype=float) ** (1 / temperature)
                result.append(options[rng.choice(len(options), p=weights / weights.sum())])
            return " ".join(result)

        # <<c_seeds>>
        for temperature in [0.3, 1.0, 3.0]:
            for seed in [1, 2]:
                print(temperature, ":", generate(model1, prompt1, 1, temperature=temperature, seed=seed))
            print()
        """,
        c_seeds=tr(
            "نصّان لكل درجة: هل يتشابهان أم يختلفان؟",
            "Deux textes par température : se ressemblent-ils ou non ?",
            "Two texts for each temperature: are they alike or different?",
        ),
    ),
    md(
        ar="""
        بعض الجمل تبدو صحيحة، وبعضها غريب أو غير صحيح. النموذج لا يعرف ما هو صحيح في العالم:
        هو يعرف فقط أي كلمة تأتي عادة بعد أي كلمة في النص الذي رآه.
        """,
        fr="""
        Certaines phrases semblent justes, d'autres sont bizarres ou fausses. Le modèle ne sait pas ce
        qui est vrai dans le monde : il sait seulement quel mot suit d'habitude quel mot dans son texte.
        """,
        en="""
        Some sentences sound right, others are odd or untrue. The model does not know what is true in
        the world: it only knows which word usually follows which word in the text it saw.
        """,
    ),
    md(
        ar="""
        ## تمارين

        1. غيّروا `prompt1` إلى كلمة أخرى من النص. ما الكلمات المحتملة بعدها؟ ماذا يحدث إذا اخترتم كلمة ليست في النص؟
        2. اكتبوا نصًا بسياق من كلمتين: `generate(model2, prompt2, context=2)`. هل صار النص أوضح؟ هل صار ينسخ النص الأصلي؟
        3. جرّبوا `temperature=0.1` ثم `temperature=10`. صفوا الفرق بكلماتكم.
        4. أضيفوا إلى `text` خمس جمل عن مدرستكم، ثم أعيدوا تشغيل الخلايا. ماذا تغيّر؟
        5. **للنقاش:** روبوتات المحادثة الكبيرة تتعلّم من نصوص كتبها ملايين الناس. إذا كان في هذه النصوص أخطاء
           أو أفكار ظالمة، ماذا سيكتب الروبوت؟ لماذا يجب أن نتحقّق مما يقوله؟
        """,
        fr="""
        ## Exercices

        1. Remplacez `prompt1` par un autre mot du texte. Quels mots peuvent suivre ? Et avec un mot absent du texte ?
        2. Écrivez un texte avec deux mots de contexte : `generate(model2, prompt2, context=2)`.
           Le texte est-il plus clair ? Recopie-t-il le texte d'origine ?
        3. Essayez `temperature=0.1`, puis `temperature=10`. Décrivez la différence avec vos mots.
        4. Ajoutez à `text` cinq phrases sur votre école, puis exécutez à nouveau les cellules. Qu'est-ce qui change ?
        5. **À discuter :** les grands chatbots apprennent de textes écrits par des millions de personnes.
           Si ces textes contiennent des erreurs ou des idées injustes, qu'écrira le chatbot ?
           Pourquoi faut-il vérifier ce qu'il dit ?
        """,
        en="""
        ## Exercises

        1. Change `prompt1` to another word from the text. Which words can follow it? What about a word that is not in the text?
        2. Write a text with two words of context: `generate(model2, prompt2, context=2)`.
           Is the text clearer? Does it start copying the original text?
        3. Try `temperature=0.1`, then `temperature=10`. Describe the difference in your own words.
        4. Add five sentences about your school to `text`, then run the cells again. What changes?
        5. **To discuss:** big chatbots learn from text written by millions of people. If that text holds
           mistakes or unfair ideas, what will the chatbot write? Why should we check what it says?
        """,
    ),
]
