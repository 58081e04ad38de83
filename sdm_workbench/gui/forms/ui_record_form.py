# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'record_form.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QFrame, QGridLayout, QHBoxLayout,
    QLabel, QScrollArea, QSizePolicy, QSpacerItem,
    QTabWidget, QVBoxLayout, QWidget)

class Ui_RecordForm(object):
    def setupUi(self, RecordForm):
        if not RecordForm.objectName():
            RecordForm.setObjectName(u"RecordForm")
        RecordForm.resize(1000, 300)
        self.formLayout = QVBoxLayout(RecordForm)
        self.formLayout.setSpacing(4)
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setContentsMargins(0, 4, 0, 0)
        self.headingLayout = QHBoxLayout()
        self.headingLayout.setSpacing(8)
        self.headingLayout.setObjectName(u"headingLayout")
        self.heading = QLabel(RecordForm)
        self.heading.setObjectName(u"heading")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.heading.sizePolicy().hasHeightForWidth())
        self.heading.setSizePolicy(sizePolicy)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.headingLayout.addWidget(self.heading)

        self.kindLabel = QLabel(RecordForm)
        self.kindLabel.setObjectName(u"kindLabel")

        self.headingLayout.addWidget(self.kindLabel)


        self.formLayout.addLayout(self.headingLayout)

        self.tabs = QTabWidget(RecordForm)
        self.tabs.setObjectName(u"tabs")
        self.tabs.setDocumentMode(True)
        self.detailsTab = QWidget()
        self.detailsTab.setObjectName(u"detailsTab")
        self.detailsTabLayout = QVBoxLayout(self.detailsTab)
        self.detailsTabLayout.setObjectName(u"detailsTabLayout")
        self.detailsTabLayout.setContentsMargins(0, 0, 0, 0)
        self.detailsScroll = QScrollArea(self.detailsTab)
        self.detailsScroll.setObjectName(u"detailsScroll")
        self.detailsScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.detailsScroll.setWidgetResizable(True)
        self.detailsBody = QWidget()
        self.detailsBody.setObjectName(u"detailsBody")
        self.detailsBodyLayout = QVBoxLayout(self.detailsBody)
        self.detailsBodyLayout.setSpacing(8)
        self.detailsBodyLayout.setObjectName(u"detailsBodyLayout")
        self.detailsBodyLayout.setContentsMargins(8, 8, 8, 8)
        self.otherFields = QWidget(self.detailsBody)
        self.otherFields.setObjectName(u"otherFields")
        self.otherFields.setProperty(u"fields", u"*")
        self.otherGrid = QGridLayout(self.otherFields)
        self.otherGrid.setObjectName(u"otherGrid")
        self.otherGrid.setHorizontalSpacing(12)
        self.otherGrid.setVerticalSpacing(4)
        self.otherGrid.setContentsMargins(0, 0, 0, 0)

        self.detailsBodyLayout.addWidget(self.otherFields)

        self.detailsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.detailsBodyLayout.addItem(self.detailsSpacer)

        self.detailsScroll.setWidget(self.detailsBody)

        self.detailsTabLayout.addWidget(self.detailsScroll)

        self.tabs.addTab(self.detailsTab, "")
        self.notesTab = QWidget()
        self.notesTab.setObjectName(u"notesTab")
        self.notesTabLayout = QVBoxLayout(self.notesTab)
        self.notesTabLayout.setSpacing(6)
        self.notesTabLayout.setObjectName(u"notesTabLayout")
        self.notesTabLayout.setContentsMargins(8, 8, 8, 8)
        self.notesArea = QWidget(self.notesTab)
        self.notesArea.setObjectName(u"notesArea")
        self.notesArea.setProperty(u"fields", u"*long")
        self.notesLayout = QVBoxLayout(self.notesArea)
        self.notesLayout.setSpacing(4)
        self.notesLayout.setObjectName(u"notesLayout")
        self.notesLayout.setContentsMargins(0, 0, 0, 0)

        self.notesTabLayout.addWidget(self.notesArea)

        self.tabs.addTab(self.notesTab, "")

        self.formLayout.addWidget(self.tabs)


        self.retranslateUi(RecordForm)

        self.tabs.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(RecordForm)
    # setupUi

    def retranslateUi(self, RecordForm):
        RecordForm.setWindowTitle(QCoreApplication.translate("RecordForm", u"Details", None))
#if QT_CONFIG(tooltip)
        self.kindLabel.setToolTip(QCoreApplication.translate("RecordForm", u"What the selected row is", None))
#endif // QT_CONFIG(tooltip)
        self.tabs.setTabText(self.tabs.indexOf(self.detailsTab), QCoreApplication.translate("RecordForm", u"Details", None))
        self.tabs.setTabText(self.tabs.indexOf(self.notesTab), QCoreApplication.translate("RecordForm", u"Notes", None))
    # retranslateUi

