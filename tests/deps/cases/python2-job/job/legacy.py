import urllib2
import cPickle
import MySQLdb
from sklearn import svm

print "rows:", 3
