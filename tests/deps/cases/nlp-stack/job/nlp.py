import nltk
import gensim
import spacy
from sentence_transformers import SentenceTransformer
from lxml import etree
import dateparser
